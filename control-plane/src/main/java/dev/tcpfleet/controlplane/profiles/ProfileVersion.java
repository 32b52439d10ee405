package dev.tcpfleet.controlplane.profiles;

import dev.tcpfleet.domain.profiles.SysctlProfile;
import java.time.Instant;
import java.util.Map;

/**
 * One stored version of a profile, as {@link ProfileStore} reads it. Only {@code deletedAt} ever changes after the
 * insert.
 *
 * @param createdAt set by the database on insert
 */
public record ProfileVersion(String name, int version, String description, Map<String, String> settings,
        Instant createdAt, Instant deletedAt) {

    SysctlProfile profile() {
        return new SysctlProfile(name, version, description, settings);
    }
}
