package dev.tcpfleet.controlplane.auth;

import java.time.Instant;

/** The answer to creating a token: the only time its secret is shown. */
public record IssuedToken(String name, Role role, Instant createdAt, String createdBy, String token) {
}
