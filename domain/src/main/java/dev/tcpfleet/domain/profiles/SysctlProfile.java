package dev.tcpfleet.domain.profiles;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A named, versioned set of sysctl values. The record only guarantees its shape; whether the values may be
 * applied is {@link ProfileValidator}'s call.
 *
 * @param name        what operators and rollouts call it, matching {@link #NAME_PATTERN}
 * @param version     1 for a new profile, one more for each change
 * @param description what the profile is for
 * @param settings    sysctl key → value, sorted by key, each value {@link ProfileValidator#normalise normalised}
 */
public record SysctlProfile(String name, int version, String description, Map<String, String> settings) {

    /** Lowercase so that names are safe in URLs, file names and Kafka keys as they are. */
    public static final String NAME_PATTERN = "[a-z0-9][a-z0-9._-]{0,62}";

    private static final Pattern NAME = Pattern.compile(NAME_PATTERN);

    public SysctlProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(settings, "settings");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("profile name must match " + NAME_PATTERN + ", not \"" + name + "\"");
        }
        if (version < 1) {
            throw new IllegalArgumentException("profile " + name + ": version must be 1 or more, not " + version);
        }
        // Values are kept in the form the kernel prints, so the agent can compare a read-back with equals.
        TreeMap<String, String> sorted = new TreeMap<>();
        settings.forEach((key, value) -> sorted.put(key,
                ProfileValidator.normalise(Objects.requireNonNull(value, () -> "value of " + key))));
        settings = Collections.unmodifiableSortedMap(sorted);
    }

    /**
     * A new profile, version 1, with this one's settings and {@code overrides} replacing or adding to them.
     * The overlay copies the values, so a later version of this profile does not change it.
     */
    public SysctlProfile overlay(String name, String description, Map<String, String> overrides) {
        Map<String, String> merged = new TreeMap<>(settings);
        merged.putAll(overrides);
        return new SysctlProfile(name, 1, description, merged);
    }
}
