package dev.tcpfleet.controlplane.alerts;

/**
 * The body of {@code POST /api/alerts/silences}: silence {@code rule} (every rule if absent) on {@code hostId}
 * (every host if absent) for {@code minutes}, saying why. {@code force} accepts a rule or host that does not exist
 * yet (a rule about to be put, a host about to enrol), with a warning, where it would otherwise be refused as a typo.
 */
public record SilenceRequest(String rule, String hostId, Integer minutes, String reason, Boolean force) {
    boolean forced() {
        return Boolean.TRUE.equals(force);
    }
}
