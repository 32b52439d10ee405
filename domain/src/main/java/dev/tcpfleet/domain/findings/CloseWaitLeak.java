package dev.tcpfleet.domain.findings;

import static dev.tcpfleet.domain.findings.FindingCodes.CLOSE_WAIT_LEAK;

import dev.tcpfleet.protocol.DestinationUsage;
import dev.tcpfleet.protocol.Finding;
import dev.tcpfleet.protocol.Finding.Severity;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.PortUsage;
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
        List<PortUsage> inbound = ListeningPorts.holding(snapshot, TcpState.CLOSE_WAIT);
        return snapshot.processes().stream()
                .flatMap(process -> thresholds.closeWaitPerProcess().severityOf(process.count(TcpState.CLOSE_WAIT))
                        .map(severity -> ofProcess(snapshot, process, severity, inbound))
                        .stream())
                .toList();
    }

    /**
     * Outbound CLOSE_WAIT is a client not closing pooled connections; on a listening port it is the server not
     * closing what its clients closed. Destinations name the first, listening ports the second.
     */
    private static boolean serverSide(HostSnapshot snapshot, ProcessSockets process, List<PortUsage> inbound) {
        int outbound = peers(snapshot, process).stream().mapToInt(CloseWaitLeak::closeWait).sum();
        return outbound * 2 < process.count(TcpState.CLOSE_WAIT) && !inbound.isEmpty();
    }

    private static Finding ofProcess(HostSnapshot snapshot, ProcessSockets process, Severity severity,
                                     List<PortUsage> inbound) {
        List<DestinationUsage> peers = peers(snapshot, process);
        if (serverSide(snapshot, process, inbound)) {
            // Listening ports carry no pid: the port is this process's only when it is the one holding CLOSE_WAIT.
            boolean portIsItsOwn = inbound.size() == 1;
            String ports = inbound.stream().limit(PEERS_NAMED)
                    .map(port -> port.port() + " (" + closeWait(port) + ")")
                    .collect(Collectors.joining(", "));
            String server = portIsItsOwn ? "the server on port " + inbound.get(0).port()
                    : "its server (one of the listening ports " + ports + "; ss -ltnp shows which)";
            return new Finding(CLOSE_WAIT_LEAK, severity, Subjects.process(process),
                    count(process) + (portIsItsOwn ? "; on local listening port " : "; the host's listening ports"
                            + " holding CLOSE_WAIT: ") + ports,
                    "Clients closed these connections to " + server + " and the server application is not closing"
                            + " its sockets: a leak in the application, which no sysctl fixes.",
                    "Find the request-handling path of " + server + " that does not close the connection (error"
                            + " paths, timeouts, abandoned asynchronous requests).");
        }
        String toward = peers.stream().limit(PEERS_NAMED)
                .map(destination -> destination.endpoint() + " (" + closeWait(destination) + ")")
                .collect(Collectors.joining(", "));
        return new Finding(CLOSE_WAIT_LEAK, severity, Subjects.process(process),
                count(process) + (toward.isEmpty() ? "" : "; toward " + toward),
                "The peer closed these connections and the application never called close(): a leak "
                        + "in the application, which no sysctl fixes.",
                "Find the code path that does not close the socket (error paths, unread response "
                        + "bodies); check the connection pool's eviction and validation of idle "
                        + "connections.");
    }

    private static String count(ProcessSockets process) {
        return process.count(TcpState.CLOSE_WAIT) + " CLOSE_WAIT of its " + process.total() + " TCP sockets";
    }

    /** Destinations list the pids holding sockets to them, which points at the client code that leaks. */
    private static List<DestinationUsage> peers(HostSnapshot snapshot, ProcessSockets process) {
        return snapshot.topDestinations().stream()
                .filter(destination -> destination.pids().contains(process.pid()))
                .filter(destination -> closeWait(destination) > 0)
                .sorted(Comparator.comparingInt((DestinationUsage destination) -> closeWait(destination)).reversed())
                .toList();
    }

    private static int closeWait(DestinationUsage destination) {
        return destination.count(TcpState.CLOSE_WAIT);
    }

    private static int closeWait(PortUsage port) {
        return ListeningPorts.count(port, TcpState.CLOSE_WAIT);
    }
}
