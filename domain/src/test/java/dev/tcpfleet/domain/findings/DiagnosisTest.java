package dev.tcpfleet.domain.findings;

import static dev.tcpfleet.domain.findings.SnapshotBuilder.snapshot;
import static dev.tcpfleet.protocol.TcpState.CLOSE_WAIT;
import static dev.tcpfleet.protocol.TcpState.ESTABLISHED;
import static dev.tcpfleet.protocol.TcpState.TIME_WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.protocol.DestinationUsage;
import dev.tcpfleet.protocol.EphemeralPorts;
import dev.tcpfleet.protocol.Finding;
import dev.tcpfleet.protocol.Finding.Severity;
import dev.tcpfleet.protocol.HostLimits;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.ListenerQueue;
import dev.tcpfleet.protocol.ProcessSockets;
import dev.tcpfleet.protocol.SocketMemory;
import dev.tcpfleet.protocol.TcpCounters;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DiagnosisTest {

    /** One of every problem, at both severities. */
    static HostSnapshot everythingWrong() {
        return snapshot()
                .sockets(TIME_WAIT, 20_000)
                .destination("10.0.0.5", 5432, TIME_WAIT, 600, 4242)
                .destination("10.0.0.6", 443, ESTABLISHED, 25_000)
                .process(4242, "java", CLOSE_WAIT, 60)
                .listener("::", 8080, 129, 128)
                .limits(99L, 100L, 81L, 100L)
                .socketMemory(1001, 1000, 2000)
                .rate("RetransSegs", 30).rate("OutSegs", 1000).rate("TCPTimeouts", 20)
                .build();
    }

    @Test
    void anEmptySnapshotYieldsNoFindings() {
        assertEquals(List.of(), Found.all(SnapshotBuilder.empty()));
    }

    @Test
    void partsWithoutFiguresYieldNoFindings() {
        HostSnapshot blank = new HostSnapshot(HostSnapshot.SCHEMA_VERSION, SnapshotBuilder.HOST, SnapshotBuilder.AT,
                100, Map.of(), List.of(),
                List.of(new ListenerQueue(null, 8080, 0, 0L)),
                List.of(new DestinationUsage("10.0.0.5", 5432, 0, null, 0, 0, null)),
                new EphemeralPorts(0, 0, 0, null),
                new SocketMemory(0, 0, 0, 0, 0, 0, 4096, null),
                new TcpCounters(null, null, null, null),
                new HostLimits(null, null, null, null),
                List.of(new ProcessSockets(1, null, null, null, 0, null)),
                Map.of("net.core.somaxconn", "not a number"), null, null, null, null, Map.of(), null);
        assertEquals(List.of(), Found.all(blank));
    }

    @Test
    void everyRuleFindsSomethingInEverythingWrong() {
        Set<String> codes = Found.all(everythingWrong()).stream().map(Finding::code).collect(Collectors.toSet());
        assertEquals(Set.of(FindingCodes.TIME_WAIT_CHURN, FindingCodes.CLOSE_WAIT_LEAK, FindingCodes.LISTEN_QUEUE_FULL,
                FindingCodes.EPHEMERAL_PORTS_EXHAUSTION, FindingCodes.CONNTRACK_NEAR_MAX,
                FindingCodes.SOCKET_MEMORY_PRESSURE, FindingCodes.RETRANSMISSION_HIGH, FindingCodes.TIMEOUTS_HIGH,
                FindingCodes.FILE_HANDLES_NEAR_MAX), codes);
    }

    @Test
    void criticalFindingsComeFirst() {
        List<Severity> severities = Found.all(everythingWrong()).stream().map(Finding::severity).toList();
        assertEquals(Severity.CRITICAL, severities.get(0));
        for (int i = 1; i < severities.size(); i++) {
            assertTrue(severities.get(i - 1).compareTo(severities.get(i)) >= 0, severities::toString);
        }
    }

    @Test
    void everyFindingHasEvidenceCauseAndAction() {
        for (Finding finding : Found.all(everythingWrong())) {
            assertFalse(finding.evidence().isBlank(), finding::toString);
            assertFalse(finding.cause().isBlank(), finding::toString);
            assertFalse(finding.action().isBlank(), finding::toString);
        }
    }

    @Test
    void levelsRefuseAWarningAboveCritical() {
        assertThrows(IllegalArgumentException.class, () -> new FindingThresholds.Levels(0.9, 0.8));
    }
}
