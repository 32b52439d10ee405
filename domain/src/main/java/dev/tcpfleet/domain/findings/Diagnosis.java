package dev.tcpfleet.domain.findings;

import dev.tcpfleet.protocol.Finding;
import dev.tcpfleet.protocol.HostSnapshot;
import java.util.Comparator;
import java.util.List;

/** What a snapshot's figures mean: each pattern found, with its evidence, likely cause and what to do. */
public final class Diagnosis {
    private static final List<Rule> RULES = List.of(
            ListenQueueFull::find,
            EphemeralPortsExhaustion::find,
            HostTablesNearMax::find,
            SocketMemoryPressure::find,
            CloseWaitLeak::find,
            TimeWaitChurn::find,
            PacketLoss::find);

    private Diagnosis() {
    }

    /**
     * The findings, most severe first. A part the snapshot lacks (null or empty) yields no finding; it never
     * makes diagnosis fail.
     */
    public static List<Finding> of(HostSnapshot snapshot, FindingThresholds thresholds) {
        return RULES.stream()
                .flatMap(rule -> rule.find(snapshot, thresholds).stream())
                .sorted(Comparator.comparing(Finding::severity).reversed())
                .toList();
    }
}
