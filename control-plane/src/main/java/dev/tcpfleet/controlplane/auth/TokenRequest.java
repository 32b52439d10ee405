package dev.tcpfleet.controlplane.auth;

public record TokenRequest(String name, String role) {
}
