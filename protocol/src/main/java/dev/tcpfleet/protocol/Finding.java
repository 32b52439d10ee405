package dev.tcpfleet.protocol;

/**
 * What a snapshot pattern means: the evidence, the likely cause and what to do about it.
 *
 * @param code     stable identifier for alert rules, e.g. {@code CLOSE_WAIT_LEAK}
 * @param severity how urgent
 * @param subject  what it is about: a destination, a process, a port, or {@code host}
 * @param evidence the figures that triggered it
 * @param cause    the likely cause
 * @param action   the recommended action
 */
public record Finding(String code, Severity severity, String subject, String evidence, String cause, String action) {
    public enum Severity { INFO, WARNING, CRITICAL }
}
