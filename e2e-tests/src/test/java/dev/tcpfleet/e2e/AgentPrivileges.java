package dev.tcpfleet.e2e;

import java.util.List;

/**
 * The capabilities a host agent running as its own, non-root user needs, as {@link LeastPrivilegeIT} proves them;
 * the deployment files ({@code deploy/}, {@code docker-compose.yml}) must grant exactly these.
 * <ul>
 *   <li>CAP_DAC_READ_SEARCH: list another user's {@code /proc/PID/fd} folder (mode 0500);</li>
 *   <li>CAP_SYS_PTRACE: read the {@code socket:[inode]} links in it, which the kernel guards as ptrace does;</li>
 *   <li>CAP_NET_ADMIN: write {@code /proc/sys/net}, which the kernel then opens to its owner's bits.</li>
 * </ul>
 * Persisting to {@code /etc/sysctl.d} takes no capability, only write access to that folder.
 */
final class AgentPrivileges {
    /** As capabilities(7) names them, in the order the deployment files list them. */
    static final List<String> CAPABILITIES = List.of("CAP_DAC_READ_SEARCH", "CAP_SYS_PTRACE", "CAP_NET_ADMIN");

    private AgentPrivileges() {
    }

    /** {@code CAP_NET_ADMIN} as Docker and Kubernetes spell it: {@code NET_ADMIN}. */
    static List<String> containerNames() {
        return CAPABILITIES.stream().map(name -> name.substring("CAP_".length())).toList();
    }
}
