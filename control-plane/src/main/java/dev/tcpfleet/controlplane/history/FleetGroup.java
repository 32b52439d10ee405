package dev.tcpfleet.controlplane.history;

import dev.tcpfleet.protocol.HostIdentity;
import java.util.Optional;

/**
 * A group of hosts whose fleet rows are kept at ingest: the whole fleet ({@code ("", "")}), or the hosts carrying one
 * label {@code key=value}.
 */
public record FleetGroup(String labelKey, String labelValue) {
    public static final FleetGroup FLEET = new FleetGroup("", "");

    /**
     * The group a label selector names, when it names one: none for every host, a single {@code key=value} term for
     * that label. A selector of several terms, or a negation, is not a kept group, and is answered from the hosts'
     * rows (an invalid one is refused there).
     */
    public static Optional<FleetGroup> of(String selector) {
        if (selector == null) {
            return Optional.of(FLEET);
        }
        String[] parts = selector.strip().split("=", -1);
        if (parts.length != 2 || parts[0].endsWith("!")) {
            return Optional.empty();
        }
        String key = parts[0].strip();
        String value = parts[1].strip();
        return HostIdentity.LABEL_PATTERN.matcher(key).matches() && HostIdentity.LABEL_PATTERN.matcher(value).matches()
                ? Optional.of(new FleetGroup(key, value)) : Optional.empty();
    }
}
