package dev.tcpfleet.protocol;

/**
 * A managed sysctl whose live value is no longer what tcpfleet last applied: someone, a boot file or another
 * tuner (tuned, bpftune) changed it since.
 *
 * @param applied   the value the standing apply set
 * @param live      the value now, null if unreadable
 * @param commandId the apply that set it
 */
public record SysctlDrift(String applied, String live, String commandId) {
}
