package dev.tcpfleet.domain.lb;

/**
 * A kernel setting on a host that would undercut the rendered config.
 *
 * @param hostId the host
 * @param key    the sysctl, or null when the warning is about the host as a whole
 * @param detail why, worded to follow the key
 */
public record KernelWarning(String hostId, String key, String detail) {
}
