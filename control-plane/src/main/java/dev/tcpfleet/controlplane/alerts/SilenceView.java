package dev.tcpfleet.controlplane.alerts;

import java.time.Instant;

/** A silence; null {@code rule} or {@code hostId} means every rule or every host. */
public record SilenceView(long id, String rule, String hostId, String reason, Instant createdAt, Instant endsAt) {
}
