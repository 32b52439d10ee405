package dev.tcpfleet.domain.findings;

import static dev.tcpfleet.domain.findings.FindingCodes.CLOSE_WAIT_LEAK;

import dev.tcpfleet.protocol.DestinationUsage;
import dev.tcpfleet.protocol.Finding;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.ProcessSockets;
import dev.tcpfleet.protocol.TcpState;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** Sockets the peer has closed and the application never closes: they stay in CLOSE_WAIT until the process exits. */
final class CloseWaitLeak {
    private static final int PEERS_NAMED = 3;

    private CloseWaitLeak() {
    }

    static List<Finding> find(HostSnapshot snapshot, FindingThresholds thresholds) {
        return snapshot.processes().stream()
                .flatMap(process -> thresholds.closeWaitPerProcess().severityOf(process.count(TcpState.CLOSE_WAIT))
                        .map(severity -> new Finding(CLOSE_WAIT_LEAK, severity, Subjects.process(process),
                                evidence(snapshot, process),
                                "The peer closed these connections and the application never called close(): a leak "
                                        + "in the application, which no sysctl fixes.",
                                "Find the code path that does not close the socket (error paths, unread response "
                                        + "bodies); check the connection pool's eviction and validation of idle "
                                        + "connections."))
                        .stream())
                .toList();
    }

    private static String evidence(HostSnapshot snapshot, ProcessSockets process) {
        // Destinations list the pids holding sockets to them, which points at the client code that leaks.
        String peers = snapshot.topDestinations().stream()
                .filter(destination -> destination.pids().contains(process.pid()))
                .filter(destination -> closeWait(destination) > 0)
                .sorted(Comparator.comparingInt(CloseWaitLeak::closeWait).reversed())
                .limit(PEERS_NAMED)
                .map(destination -> destination.endpoint() + " (" + closeWait(destination) + ")")
                .collect(Collectors.joining(", "));
        return process.count(TcpState.CLOSE_WAIT) + " CLOSE_WAIT of its " + process.total() + " TCP sockets"
                + (peers.isEmpty() ? "" : "; toward " + peers);
    }

    private static int closeWait(DestinationUsage destination) {
        return destination.count(TcpState.CLOSE_WAIT);
    }
}
