package dev.tcpfleet.domain.findings;

import static dev.tcpfleet.domain.findings.FindingCodes.SOCKET_MEMORY_PRESSURE;

import dev.tcpfleet.domain.sysctl.SysctlCatalogue;
import dev.tcpfleet.protocol.Finding;
import dev.tcpfleet.protocol.Finding.Severity;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.SocketMemory;
import dev.tcpfleet.protocol.SocketMemory.TcpMemLimits;
import java.util.List;
import java.util.Locale;

/** TCP buffer memory against {@code net.ipv4.tcp_mem}: above pressure buffers shrink, at max allocations fail. */
final class SocketMemoryPressure {
    private static final double MIB = 1024 * 1024;

    private SocketMemoryPressure() {
    }

    static List<Finding> find(HostSnapshot snapshot, FindingThresholds thresholds) {
        SocketMemory memory = snapshot.socketMemory();
        if (memory == null || memory.memUsageOfMax() == null) {
            return List.of();
        }
        TcpMemLimits limits = memory.limits();
        String evidence = String.format(Locale.ROOT, "TCP buffers hold %d pages (%.0f MiB); %s pressure %d, max %d",
                memory.memPages(), memory.memBytes() / MIB, SysctlCatalogue.TCP_MEM, limits.pressurePages(),
                limits.maxPages());
        String action = "Check " + SysctlCatalogue.TCP_MEM + " against the host's memory and the tcp_rmem/tcp_wmem "
                + "maximums; look for slow consumers holding large Recv-Q/Send-Q (ss -tn).";
        if (memory.memUsageOfMax() > thresholds.socketMemoryOfMaxCritical()) {
            return List.of(new Finding(SOCKET_MEMORY_PRESSURE, Severity.CRITICAL, Subjects.HOST, evidence,
                    "TCP buffers near tcp_mem's max: new allocations fail and the kernel logs \"TCP: out of memory\".",
                    action));
        }
        if (limits.pressurePages() > 0 && memory.memPages() > limits.pressurePages()) {
            return List.of(new Finding(SOCKET_MEMORY_PRESSURE, Severity.WARNING, Subjects.HOST, evidence,
                    "TCP buffers are over tcp_mem's pressure threshold: the kernel trims socket buffers, which slows "
                            + "every connection.",
                    action));
        }
        return List.of();
    }
}
