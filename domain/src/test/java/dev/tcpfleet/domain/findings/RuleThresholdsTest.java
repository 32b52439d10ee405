package dev.tcpfleet.domain.findings;

import static dev.tcpfleet.domain.findings.FindingCodes.CLOSE_WAIT_LEAK;
import static dev.tcpfleet.domain.findings.FindingCodes.CONNTRACK_NEAR_MAX;
import static dev.tcpfleet.domain.findings.FindingCodes.EPHEMERAL_PORTS_EXHAUSTION;
import static dev.tcpfleet.domain.findings.FindingCodes.FILE_HANDLES_NEAR_MAX;
import static dev.tcpfleet.domain.findings.FindingCodes.LISTEN_QUEUE_FULL;
import static dev.tcpfleet.domain.findings.FindingCodes.RETRANSMISSION_HIGH;
import static dev.tcpfleet.domain.findings.FindingCodes.SOCKET_MEMORY_PRESSURE;
import static dev.tcpfleet.domain.findings.FindingCodes.TIMEOUTS_HIGH;
import static dev.tcpfleet.domain.findings.FindingCodes.TIME_WAIT_CHURN;
import static dev.tcpfleet.domain.findings.SnapshotBuilder.snapshot;
import static dev.tcpfleet.protocol.TcpState.CLOSE_WAIT;
import static dev.tcpfleet.protocol.TcpState.ESTABLISHED;
import static dev.tcpfleet.protocol.TcpState.TIME_WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each rule's thresholds with the default settings: a figure just over one finds, one at it does not.
 * A row: what the case is, the code looked at, the snapshot, and the {@code "SEVERITY subject"} expected.
 */
class RuleThresholdsTest {

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource({"timeWaitChurn", "closeWaitLeak", "listenQueueFull", "ephemeralPortsExhaustion", "hostTables",
            "socketMemoryPressure", "packetLoss"})
    void findsOverThresholdOnly(String name, String code, SnapshotBuilder snapshot, List<String> expected) {
        assertEquals(expected, Found.of(snapshot, code));
    }

    static Stream<Arguments> timeWaitChurn() {
        return Stream.of(
                row("501 toward one destination", TIME_WAIT_CHURN,
                        snapshot().destination("10.0.0.5", 5432, TIME_WAIT, 501), "WARNING 10.0.0.5:5432"),
                row("500 toward one destination", TIME_WAIT_CHURN,
                        snapshot().destination("10.0.0.5", 5432, TIME_WAIT, 500)),
                row("IPv6 destination", TIME_WAIT_CHURN,
                        snapshot().destination("2001:db8::1", 443, TIME_WAIT, 501), "WARNING [2001:db8::1]:443"),
                row("10001 on the host", TIME_WAIT_CHURN, snapshot().sockets(TIME_WAIT, 10_001), "WARNING host"),
                row("10000 on the host", TIME_WAIT_CHURN, snapshot().sockets(TIME_WAIT, 10_000)));
    }

    static Stream<Arguments> closeWaitLeak() {
        return Stream.of(
                row("51 in one process", CLOSE_WAIT_LEAK, snapshot().process(4242, "java", CLOSE_WAIT, 51),
                        "WARNING pid 4242 (java)"),
                row("50 in one process", CLOSE_WAIT_LEAK, snapshot().process(4242, "java", CLOSE_WAIT, 50)),
                row("501 in one process", CLOSE_WAIT_LEAK, snapshot().process(4242, "java", CLOSE_WAIT, 501),
                        "CRITICAL pid 4242 (java)"),
                row("established sockets are no leak", CLOSE_WAIT_LEAK,
                        snapshot().process(4242, "java", ESTABLISHED, 5000)));
    }

    static Stream<Arguments> listenQueueFull() {
        return Stream.of(
                row("queue over backlog", LISTEN_QUEUE_FULL, snapshot().listener("0.0.0.0", 8080, 129, 128),
                        "CRITICAL port 8080"),
                // the kernel queues one more than the backlog before it refuses
                row("queue at backlog, one slot left", LISTEN_QUEUE_FULL, snapshot().listener("::", 8080, 128, 128),
                        "WARNING port 8080"),
                row("queue 116 of 128, over 90%", LISTEN_QUEUE_FULL, snapshot().listener("::", 8080, 116, 128),
                        "WARNING port 8080"),
                row("queue 115 of 128, under 90%", LISTEN_QUEUE_FULL, snapshot().listener("::", 8080, 115, 128)),
                row("ListenOverflows 0.1/s", LISTEN_QUEUE_FULL, snapshot().rate("ListenOverflows", 0.1),
                        "CRITICAL host"),
                row("ListenDrops 0.1/s", LISTEN_QUEUE_FULL, snapshot().rate("ListenDrops", 0.1), "CRITICAL host"),
                row("no drops", LISTEN_QUEUE_FULL,
                        snapshot().rate("ListenOverflows", 0).rate("ListenDrops", 0)));
    }

    static Stream<Arguments> ephemeralPortsExhaustion() {
        int half = SnapshotBuilder.RANGE_SIZE / 2;
        int fourFifths = (int) (SnapshotBuilder.RANGE_SIZE * 0.8);
        return Stream.of(
                row("just over half the range", EPHEMERAL_PORTS_EXHAUSTION,
                        snapshot().destination("10.0.0.5", 5432, ESTABLISHED, half + 1), "WARNING 10.0.0.5:5432"),
                row("half the range", EPHEMERAL_PORTS_EXHAUSTION,
                        snapshot().destination("10.0.0.5", 5432, ESTABLISHED, half)),
                row("just over 80% of the range", EPHEMERAL_PORTS_EXHAUSTION,
                        snapshot().destination("10.0.0.5", 5432, ESTABLISHED, fourFifths + 1),
                        "CRITICAL 10.0.0.5:5432"),
                row("busiest destination not among the top ones", EPHEMERAL_PORTS_EXHAUSTION,
                        snapshot().ephemeralPorts(0.9, "10.0.0.9:443"), "CRITICAL 10.0.0.9:443"),
                row("busiest destination reported once", EPHEMERAL_PORTS_EXHAUSTION,
                        snapshot().destination("10.0.0.5", 5432, ESTABLISHED, half + 1)
                                .ephemeralPorts((half + 1.0) / SnapshotBuilder.RANGE_SIZE, "10.0.0.5:5432"),
                        "WARNING 10.0.0.5:5432"),
                row("busiest destination at half the range", EPHEMERAL_PORTS_EXHAUSTION,
                        snapshot().ephemeralPorts(0.5, "10.0.0.9:443")));
    }

    static Stream<Arguments> hostTables() {
        return Stream.of(
                row("conntrack 81%", CONNTRACK_NEAR_MAX, snapshot().limits(81L, 100L, null, null), "WARNING host"),
                row("conntrack 80%", CONNTRACK_NEAR_MAX, snapshot().limits(80L, 100L, null, null)),
                row("conntrack 96%", CONNTRACK_NEAR_MAX, snapshot().limits(96L, 100L, null, null), "CRITICAL host"),
                row("conntrack module not loaded", CONNTRACK_NEAR_MAX, snapshot().limits(null, null, 1L, 1L)),
                row("file handles 81%", FILE_HANDLES_NEAR_MAX, snapshot().limits(null, null, 81L, 100L),
                        "WARNING host"),
                row("file handles 80%", FILE_HANDLES_NEAR_MAX, snapshot().limits(null, null, 80L, 100L)),
                row("file handles 96%", FILE_HANDLES_NEAR_MAX, snapshot().limits(null, null, 96L, 100L),
                        "CRITICAL host"),
                row("file-max of 0", FILE_HANDLES_NEAR_MAX, snapshot().limits(null, null, 81L, 0L)));
    }

    static Stream<Arguments> socketMemoryPressure() {
        return Stream.of(
                row("one page over pressure", SOCKET_MEMORY_PRESSURE, snapshot().socketMemory(1001, 1000, 2000),
                        "WARNING host"),
                row("at pressure", SOCKET_MEMORY_PRESSURE, snapshot().socketMemory(1000, 1000, 2000)),
                row("just over 90% of max", SOCKET_MEMORY_PRESSURE, snapshot().socketMemory(1801, 1000, 2000),
                        "CRITICAL host"),
                row("tcp_mem unreadable", SOCKET_MEMORY_PRESSURE, snapshot().socketMemory(1801, 0, 0)));
    }

    static Stream<Arguments> packetLoss() {
        return Stream.of(
                row("2.1% retransmitted", RETRANSMISSION_HIGH,
                        snapshot().rate("RetransSegs", 21).rate("OutSegs", 1000), "WARNING host"),
                row("2% retransmitted", RETRANSMISSION_HIGH,
                        snapshot().rate("RetransSegs", 20).rate("OutSegs", 1000)),
                row("10.1% retransmitted", RETRANSMISSION_HIGH,
                        snapshot().rate("RetransSegs", 101).rate("OutSegs", 1000), "CRITICAL host"),
                row("half retransmitted on an idle host", RETRANSMISSION_HIGH,
                        snapshot().rate("RetransSegs", 50).rate("OutSegs", 100)),
                row("no OutSegs rate", RETRANSMISSION_HIGH, snapshot().rate("RetransSegs", 50)),
                row("TCPTimeouts 10.5/s", TIMEOUTS_HIGH, snapshot().rate("TCPTimeouts", 10.5), "WARNING host"),
                row("TCPTimeouts 10/s", TIMEOUTS_HIGH, snapshot().rate("TCPTimeouts", 10)),
                row("TCPAbortOnTimeout 1.5/s", TIMEOUTS_HIGH, snapshot().rate("TCPAbortOnTimeout", 1.5),
                        "WARNING host"),
                row("TCPAbortOnTimeout 1/s", TIMEOUTS_HIGH, snapshot().rate("TCPAbortOnTimeout", 1)));
    }

    private static Arguments row(String name, String code, SnapshotBuilder snapshot, String... expected) {
        return Arguments.of(name, code, snapshot, List.of(expected));
    }
}
