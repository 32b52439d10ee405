package dev.tcpfleet.controlplane.profiles;

import dev.tcpfleet.domain.profiles.SysctlProfile;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One version of a profile as the API shows it.
 *
 * @param createdAt when this version was stored; null for a built-in profile, which ships with the control plane
 * @param builtIn   whether the profile ships with tcpfleet and so cannot be changed or deleted
 */
public record ProfileView(String name, int version, String description, Map<String, String> settings,
        Instant createdAt, boolean builtIn) {

    static ProfileView stored(ProfileVersion row) {
        return new ProfileView(row.name(), row.version(), row.description(), new TreeMap<>(row.settings()),
                row.createdAt(), false);
    }

    static ProfileView builtIn(SysctlProfile profile) {
        return new ProfileView(profile.name(), profile.version(), profile.description(), profile.settings(), null,
                true);
    }
}
