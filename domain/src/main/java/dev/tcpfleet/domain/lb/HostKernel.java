package dev.tcpfleet.domain.lb;

import java.util.Map;

/**
 * A host's kernel settings as its latest snapshot reported them.
 *
 * @param hostId  the host
 * @param sysctls key → value as {@code /proc/sys} prints it; a key the host did not report is not checked
 */
public record HostKernel(String hostId, Map<String, String> sysctls) {
    public HostKernel {
        sysctls = sysctls == null ? Map.of() : Map.copyOf(sysctls);
    }
}
