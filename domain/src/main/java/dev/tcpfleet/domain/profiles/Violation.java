package dev.tcpfleet.domain.profiles;

import java.util.Objects;

/**
 * Why a profile may not be applied.
 *
 * @param key    the sysctl key at fault, or {@link #WHOLE_PROFILE} when no one key is
 * @param reason why, worded to follow the key
 */
public record Violation(String key, String reason) {

    public static final String WHOLE_PROFILE = "";

    public Violation {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(reason, "reason");
    }

    /** {@code key: reason}, or the bare reason for the whole profile. */
    public String message() {
        return key.equals(WHOLE_PROFILE) ? reason : key + ": " + reason;
    }
}
