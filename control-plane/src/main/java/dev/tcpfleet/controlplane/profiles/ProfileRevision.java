package dev.tcpfleet.controlplane.profiles;

import dev.tcpfleet.domain.profiles.SysctlProfile;
import java.util.Optional;

/**
 * What a PUT does to a profile's history, decided from its newest stored version alone.
 *
 * @param kind    whether the PUT creates the profile, adds a version or changes nothing
 * @param version the version the profile has afterwards
 */
public record ProfileRevision(Kind kind, int version) {

    public enum Kind {
        /** The profile did not exist, or was deleted: it lists again from this version. */
        CREATED,
        /** The description or settings differ from the newest version. */
        CHANGED,
        /** The same content again: PUT is idempotent, so no version is added. */
        UNCHANGED
    }

    /**
     * @param newest    the newest stored version, if any
     * @param deleted   whether that version was deleted
     * @param requested the requested description and settings; its name and version are not compared
     */
    public static ProfileRevision decide(Optional<SysctlProfile> newest, boolean deleted, SysctlProfile requested) {
        if (newest.isEmpty()) {
            return new ProfileRevision(Kind.CREATED, 1);
        }
        SysctlProfile current = newest.get();
        if (deleted) {
            // Numbering goes on after the deleted versions, so no (name, version) ever means two contents.
            return new ProfileRevision(Kind.CREATED, current.version() + 1);
        }
        if (current.description().equals(requested.description()) && current.settings().equals(requested.settings())) {
            return new ProfileRevision(Kind.UNCHANGED, current.version());
        }
        return new ProfileRevision(Kind.CHANGED, current.version() + 1);
    }
}
