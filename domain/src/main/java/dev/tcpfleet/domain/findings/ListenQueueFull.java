package dev.tcpfleet.domain.findings;

import static dev.tcpfleet.domain.findings.FindingCodes.LISTEN_QUEUE_FULL;
import static dev.tcpfleet.domain.sysctl.SysctlCatalogue.SOMAXCONN;
import static dev.tcpfleet.domain.sysctl.SysctlCatalogue.TCP_MAX_SYN_BACKLOG;

import dev.tcpfleet.protocol.Finding;
import dev.tcpfleet.protocol.Finding.Severity;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.ListenerQueue;
import dev.tcpfleet.protocol.TcpCounters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Connections the kernel has completed and the application has not accepted, up to the backlog; beyond it new
 * ones are dropped. Per port from the queues, host-wide from the ListenOverflows / ListenDrops rates.
 */
final class ListenQueueFull {
    private static final List<String> STALL_COUNTERS = List.of("ListenOverflows", "ListenDrops", "PassiveOpens");

    private ListenQueueFull() {
    }

    static List<Finding> find(HostSnapshot snapshot, FindingThresholds thresholds) {
        List<Finding> findings = new ArrayList<>();
        for (ListenerQueue queue : snapshot.listeners()) {
            if (queue.full()) {
                findings.add(ofQueue(snapshot, queue, Severity.CRITICAL));
            } else if (queue.fill() > thresholds.listenQueueFillWarning()) {
                findings.add(ofQueue(snapshot, queue, Severity.WARNING));
            }
        }
        double dropsPerSecond = thresholds.listenDropsPerSecondCritical();
        RateEvidence.anyOver(snapshot.tcpCounters(),
                        List.of(Map.entry("ListenOverflows", dropsPerSecond), Map.entry("ListenDrops", dropsPerSecond)))
                .ifPresent(rates -> findings.add(ofDrops(snapshot, rates)));
        return findings;
    }

    private static Finding ofQueue(HostSnapshot snapshot, ListenerQueue queue, Severity severity) {
        String evidence = "accept queue " + queue.acceptQueue() + " of backlog " + queue.backlog() + " on "
                + Subjects.endpoint(queue.address(), queue.port());
        OptionalLong somaxconn = Figures.sysctlNumber(snapshot, SOMAXCONN);
        String cause;
        String raise;
        if (somaxconn.isEmpty()) {
            cause = "The backlog of " + queue.backlog() + " is too small";
            raise = "Raise the application's listen backlog, and " + SOMAXCONN + " if it caps it";
        } else if (queue.backlog() >= somaxconn.getAsLong()) {
            cause = "The backlog is capped by " + SOMAXCONN + "=" + somaxconn.getAsLong();
            raise = "Raise " + SOMAXCONN + " and the application's listen backlog together";
        } else {
            cause = "The application asked for a backlog of " + queue.backlog() + " (" + SOMAXCONN + "="
                    + somaxconn.getAsLong() + " allows more)";
            raise = "Raise the application's listen backlog (its server's accept backlog setting)";
        }
        if (queue.full() && acceptorStopped(snapshot)) {
            return new Finding(LISTEN_QUEUE_FULL, severity, Subjects.port(queue.port()),
                    evidence + "; " + RateEvidence.of(snapshot.tcpCounters(), STALL_COUNTERS),
                    "The application on port " + queue.port() + " has stopped accepting: the queue is full and no "
                            + "connection completed on the host (PassiveOpens 0) while handshakes were dropped; a "
                            + "bigger backlog would only fill too.",
                    "Find why the application on port " + queue.port() + " stopped calling accept() (accepting "
                            + "threads blocked, deadlocked or exhausted; a thread dump shows them), then restart or "
                            + "fix it. Only then: " + Character.toLowerCase(raise.charAt(0)) + raise.substring(1)
                            + ".");
        }
        return new Finding(LISTEN_QUEUE_FULL, severity, Subjects.port(queue.port()), evidence,
                cause + ", or the application accepts too slowly.", raise + "; " + slowAcceptorHint(snapshot));
    }

    /**
     * A full queue whose acceptor still works lets a connection in for each one it accepts, and each counts in
     * PassiveOpens. Overflows with no PassiveOpens at all mean nothing is taken off the queue.
     */
    private static boolean acceptorStopped(HostSnapshot snapshot) {
        TcpCounters counters = snapshot.tcpCounters();
        if (counters == null) {
            return false;
        }
        Double passiveOpens = counters.rate("PassiveOpens");
        Double overflows = counters.rate("ListenOverflows");
        Double drops = counters.rate("ListenDrops");
        return passiveOpens != null && passiveOpens == 0
                && (overflows != null && overflows > 0 || drops != null && drops > 0);
    }

    private static Finding ofDrops(HostSnapshot snapshot, String rates) {
        return new Finding(LISTEN_QUEUE_FULL, Severity.CRITICAL, Subjects.HOST, rates,
                "Accept queues overflow and connection attempts are dropped: a backlog is too small or an application "
                        + "accepts too slowly.",
                "Find the listener with the full queue (ss -ltn Recv-Q); raise its backlog and "
                        + Figures.quote(snapshot, SOMAXCONN) + " if it caps it; " + slowAcceptorHint(snapshot));
    }

    private static String slowAcceptorHint(HostSnapshot snapshot) {
        return "if the queue stays full, the accepting threads are too slow or blocked. SYN queue: "
                + Figures.quote(snapshot, TCP_MAX_SYN_BACKLOG) + ".";
    }
}
