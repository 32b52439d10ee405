package dev.tcpfleet.domain.findings;

import static dev.tcpfleet.domain.findings.FindingCodes.TIME_WAIT_CHURN;

import dev.tcpfleet.domain.sysctl.SysctlCatalogue;
import dev.tcpfleet.protocol.DestinationUsage;
import dev.tcpfleet.protocol.Finding;
import dev.tcpfleet.protocol.Finding.Severity;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.PortUsage;
import dev.tcpfleet.protocol.TcpState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** Connections opened and closed per request: each leaves a TIME_WAIT socket for 60 s on the side closing first. */
final class TimeWaitChurn {
    private TimeWaitChurn() {
    }

    static List<Finding> find(HostSnapshot snapshot, FindingThresholds thresholds) {
        List<Finding> findings = new ArrayList<>();
        for (DestinationUsage destination : snapshot.topDestinations()) {
            if (timeWait(destination) > thresholds.timeWaitPerDestinationWarning()) {
                findings.add(towardDestination(snapshot, destination));
            }
        }
        int onHost = snapshot.count(TcpState.TIME_WAIT);
        if (onHost > thresholds.timeWaitOnHostWarning()) {
            findings.add(onHost(snapshot, onHost));
        }
        return findings;
    }

    private static Finding towardDestination(HostSnapshot snapshot, DestinationUsage destination) {
        String clients = destination.pids().isEmpty()
                ? "no process holds an open connection to it now, so the client is not known"
                : destination.pids().stream()
                        .map(pid -> Subjects.process(pid, snapshot.processes()))
                        .collect(Collectors.joining(", "));
        return new Finding(TIME_WAIT_CHURN, Severity.WARNING, destination.endpoint(),
                timeWait(destination) + " TIME_WAIT of " + destination.total() + " sockets toward "
                        + destination.endpoint(),
                "A client opens a new connection per request (no pooling, or HTTP keep-alive off): " + clients + ".",
                "Enable connection pooling or keep-alive in that client. " + twReuseStopgap(snapshot));
    }

    private static Finding onHost(HostSnapshot snapshot, int timeWait) {
        // TIME_WAIT on a port this host listens on is the server's own: it closed first. Blaming a client
        // destination then points the wrong way, so the side holding most of them chooses the advice.
        List<PortUsage> inbound = ListeningPorts.holding(snapshot, TcpState.TIME_WAIT);
        int inboundTotal = inbound.stream().mapToInt(TimeWaitChurn::timeWait).sum();
        if (inboundTotal * 2 > timeWait) {
            return inboundOnHost(snapshot, timeWait, inbound.get(0));
        }
        String busiest = snapshot.topDestinations().stream()
                .filter(destination -> timeWait(destination) > 0)
                .max(Comparator.comparingInt((DestinationUsage destination) -> timeWait(destination)))
                .map(destination -> "; most toward " + destination.endpoint() + " (" + timeWait(destination) + ")")
                .orElse("");
        return new Finding(TIME_WAIT_CHURN, Severity.WARNING, Subjects.HOST,
                timeWait + " TIME_WAIT sockets on the host" + busiest,
                "Connections are opened and closed at a high rate; the side that closes first keeps each in TIME_WAIT "
                        + "for 60 s, which net.ipv4.tcp_fin_timeout does not change.",
                "Reuse connections (pooling, keep-alive) in the clients that open them. " + twReuseStopgap(snapshot));
    }

    private static Finding inboundOnHost(HostSnapshot snapshot, int timeWait, PortUsage busiest) {
        int port = busiest.port();
        return new Finding(TIME_WAIT_CHURN, Severity.WARNING, Subjects.port(port),
                timeWait + " TIME_WAIT sockets on the host; " + timeWait(busiest) + " ("
                        + Figures.percent((double) timeWait(busiest) / timeWait) + ") on local listening port " + port,
                "The server on port " + port + " closes its connections first (HTTP keep-alive off, or a close after "
                        + "each response), so each one leaves TIME_WAIT on this host for 60 s; its clients are not "
                        + "the cause.",
                "Enable keep-alive in the server listening on port " + port
                        + ", or let its clients close first (a client-side idle timeout shorter than the server's). "
                        + SysctlCatalogue.TCP_TW_REUSE + " does not help inbound connections.");
    }

    private static String twReuseStopgap(HostSnapshot snapshot) {
        String now = Figures.sysctl(snapshot, SysctlCatalogue.TCP_TW_REUSE).map(value -> " (now " + value + ")")
                .orElse("");
        return SysctlCatalogue.TCP_TW_REUSE + "=1" + now
                + " lets new outbound connections reuse TIME_WAIT tuples: a stopgap only, and no help for inbound "
                + "ones.";
    }

    private static int timeWait(DestinationUsage destination) {
        return destination.count(TcpState.TIME_WAIT);
    }

    private static int timeWait(PortUsage port) {
        return ListeningPorts.count(port, TcpState.TIME_WAIT);
    }
}
