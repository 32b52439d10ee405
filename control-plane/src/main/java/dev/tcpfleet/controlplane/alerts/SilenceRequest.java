package dev.tcpfleet.controlplane.alerts;

/**
 * The body of {@code POST /api/alerts/silences}: silence {@code rule} (every rule if absent) on {@code hostId}
 * (every host if absent) for {@code minutes}, saying why.
 */
public record SilenceRequest(String rule, String hostId, Integer minutes, String reason) {
}
