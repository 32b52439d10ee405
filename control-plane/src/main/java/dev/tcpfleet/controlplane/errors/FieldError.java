package dev.tcpfleet.controlplane.errors;

/** One field of a request at fault, and why. */
public record FieldError(String field, String detail) {
}
