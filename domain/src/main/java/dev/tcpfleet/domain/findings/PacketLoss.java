package dev.tcpfleet.domain.findings;

import static dev.tcpfleet.domain.findings.FindingCodes.RETRANSMISSION_HIGH;
import static dev.tcpfleet.domain.findings.FindingCodes.TIMEOUTS_HIGH;

import dev.tcpfleet.protocol.Finding;
import dev.tcpfleet.protocol.Finding.Severity;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.TcpCounters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Loss on the paths to the host's peers, seen in the retransmission and timeout counters. */
final class PacketLoss {
    private PacketLoss() {
    }

    static List<Finding> find(HostSnapshot snapshot, FindingThresholds thresholds) {
        TcpCounters counters = snapshot.tcpCounters();
        if (counters == null) {
            return List.of();
        }
        List<Finding> findings = new ArrayList<>();
        Double retransmitted = counters.rate("RetransSegs");
        Double sent = counters.rate("OutSegs");
        if (retransmitted != null && sent != null && sent > thresholds.retransmissionMinOutSegsPerSecond()) {
            double ratio = retransmitted / sent;
            thresholds.retransmissionRatio().severityOf(ratio).ifPresent(severity ->
                    findings.add(new Finding(RETRANSMISSION_HIGH, severity, Subjects.HOST,
                            "RetransSegs " + Figures.rate(retransmitted) + " of OutSegs " + Figures.rate(sent) + " ("
                                    + Figures.percent(ratio) + ")" + RateEvidence.interval(counters),
                            "Segments are lost on the way: a congested path, a faulty link or NIC, or drops at a peer.",
                            "Find the peers with the most retransmissions (ss -ti shows retrans per connection) and "
                                    + "check interface errors and drops on the path.")));
        }
        RateEvidence.anyOver(counters, List.of(
                        Map.entry("TCPTimeouts", thresholds.timeoutsPerSecondWarning()),
                        Map.entry("TCPAbortOnTimeout", thresholds.abortsOnTimeoutPerSecondWarning())))
                .ifPresent(rates -> findings.add(new Finding(TIMEOUTS_HIGH, Severity.WARNING, Subjects.HOST, rates,
                        "Retransmission timers expire: peers or paths stop answering, and connections are given up "
                                + "after net.ipv4.tcp_retries2 retransmissions.",
                        "Check the reachability and health of the peers; lower net.ipv4.tcp_retries2 only where "
                                + "applications must notice dead peers sooner.")));
        return findings;
    }
}
