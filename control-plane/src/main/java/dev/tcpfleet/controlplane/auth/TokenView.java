package dev.tcpfleet.controlplane.auth;

import java.time.Instant;

/** A token as {@code GET /api/tokens} lists it: never its secret, which is not kept. */
public record TokenView(String name, Role role, Instant createdAt, String createdBy, Instant revokedAt) {
}
