package dev.tcpfleet.domain.sysctl;

import java.util.Objects;

/**
 * A sysctl a tuning profile may manage.
 *
 * @param key         the dotted name, as {@code sysctl -n} takes it
 * @param type        the shape of its value
 * @param min         the lowest value tcpfleet will set, for each number of the value
 * @param max         the highest, likewise; kept within what is safe, which may be below what the kernel takes
 * @param description what the kernel does with it
 */
public record SysctlSpec(String key, ValueType type, long min, long max, String description) {
    public SysctlSpec {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        if (min > max) {
            throw new IllegalArgumentException(key + ": min " + min + " > max " + max);
        }
    }
}
