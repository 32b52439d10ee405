package dev.tcpfleet.controlplane.auth;

/** Whoever a request's token says it comes from. */
public record Caller(String name, Role role) {
}
