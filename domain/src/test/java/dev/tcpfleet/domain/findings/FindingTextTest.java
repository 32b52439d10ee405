package dev.tcpfleet.domain.findings;

import static dev.tcpfleet.domain.findings.FindingCodes.CLOSE_WAIT_LEAK;
import static dev.tcpfleet.domain.findings.FindingCodes.CONNTRACK_NEAR_MAX;
import static dev.tcpfleet.domain.findings.FindingCodes.EPHEMERAL_PORTS_EXHAUSTION;
import static dev.tcpfleet.domain.findings.FindingCodes.LISTEN_QUEUE_FULL;
import static dev.tcpfleet.domain.findings.FindingCodes.RETRANSMISSION_HIGH;
import static dev.tcpfleet.domain.findings.FindingCodes.TIME_WAIT_CHURN;
import static dev.tcpfleet.domain.findings.SnapshotBuilder.snapshot;
import static dev.tcpfleet.protocol.TcpState.CLOSE_WAIT;
import static dev.tcpfleet.protocol.TcpState.ESTABLISHED;
import static dev.tcpfleet.protocol.TcpState.TIME_WAIT;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.protocol.Finding;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The evidence, cause and action carry the figures that tell an operator what to do. */
class FindingTextTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("texts")
    void findingSays(String name, String code, SnapshotBuilder snapshot, Function<Finding, String> part,
                     String expected) {
        String text = part.apply(Found.only(snapshot, code));
        assertTrue(text.contains(expected), () -> "expected \"" + expected + "\" in: " + text);
    }

    static Stream<Arguments> texts() {
        Function<Finding, String> evidence = Finding::evidence;
        Function<Finding, String> cause = Finding::cause;
        Function<Finding, String> action = Finding::action;
        return Stream.of(
                Arguments.of("TIME_WAIT names the client process", TIME_WAIT_CHURN,
                        snapshot().destination("10.0.0.5", 5432, TIME_WAIT, 600, 4242)
                                .process(4242, "java", ESTABLISHED, 10), cause, "pid 4242 (java)"),
                Arguments.of("TIME_WAIT names a pid the snapshot does not list", TIME_WAIT_CHURN,
                        snapshot().destination("10.0.0.5", 5432, TIME_WAIT, 600, 77), cause, "pid 77"),
                Arguments.of("TIME_WAIT quotes the count", TIME_WAIT_CHURN,
                        snapshot().destination("10.0.0.5", 5432, TIME_WAIT, 600), evidence,
                        "600 TIME_WAIT of 600 sockets toward 10.0.0.5:5432"),
                Arguments.of("TIME_WAIT offers tcp_tw_reuse as a stopgap only", TIME_WAIT_CHURN,
                        snapshot().sockets(TIME_WAIT, 12_000).sysctl("net.ipv4.tcp_tw_reuse", "2"), action,
                        "net.ipv4.tcp_tw_reuse=1 (now 2) lets new outbound connections reuse TIME_WAIT tuples: "
                                + "a stopgap only"),
                Arguments.of("host TIME_WAIT names the busiest destination", TIME_WAIT_CHURN,
                        snapshot().sockets(TIME_WAIT, 12_000).destination("10.0.0.5", 5432, TIME_WAIT, 400),
                        evidence, "12000 TIME_WAIT sockets on the host; most toward 10.0.0.5:5432 (400)"),
                Arguments.of("CLOSE_WAIT names the peers of the leaking process", CLOSE_WAIT_LEAK,
                        snapshot().process(4242, "java", CLOSE_WAIT, 60)
                                .destination("10.0.0.5", 5432, CLOSE_WAIT, 40, 4242), evidence,
                        "60 CLOSE_WAIT of its 60 TCP sockets; toward 10.0.0.5:5432 (40)"),
                Arguments.of("CLOSE_WAIT is no sysctl's business", CLOSE_WAIT_LEAK,
                        snapshot().process(4242, "java", CLOSE_WAIT, 60), cause, "no sysctl fixes"),
                Arguments.of("listen queue at the somaxconn cap", LISTEN_QUEUE_FULL,
                        snapshot().listener("::", 8080, 4096, 4096).sysctl("net.core.somaxconn", "4096"), cause,
                        "capped by net.core.somaxconn=4096"),
                Arguments.of("listen queue with a small application backlog", LISTEN_QUEUE_FULL,
                        snapshot().listener("::", 8080, 128, 128).sysctl("net.core.somaxconn", "4096"), cause,
                        "The application asked for a backlog of 128 (net.core.somaxconn=4096 allows more)"),
                Arguments.of("listen queue without somaxconn", LISTEN_QUEUE_FULL,
                        snapshot().listener("::", 8080, 128, 128), cause, "The backlog of 128 is too small"),
                Arguments.of("listen queue quotes the SYN backlog", LISTEN_QUEUE_FULL,
                        snapshot().listener("10.0.0.1", 8080, 128, 128)
                                .sysctl("net.ipv4.tcp_max_syn_backlog", "1024"), action,
                        "net.ipv4.tcp_max_syn_backlog=1024"),
                Arguments.of("listen queue evidence", LISTEN_QUEUE_FULL, snapshot().listener("::", 8080, 129, 128),
                        evidence, "accept queue 129 of backlog 128 on [::]:8080"),
                Arguments.of("listen drops quote the rates", LISTEN_QUEUE_FULL,
                        snapshot().rate("ListenOverflows", 2.5).rate("ListenDrops", 2.5), evidence,
                        "ListenOverflows 2.5/s, ListenDrops 2.5/s over the last 30 s"),
                Arguments.of("ephemeral ports quote the range", EPHEMERAL_PORTS_EXHAUSTION,
                        snapshot().destination("10.0.0.5", 5432, ESTABLISHED, 20_000)
                                .sysctl("net.ipv4.ip_local_port_range", "32768\t60999"), action,
                        "widen net.ipv4.ip_local_port_range=32768 60999"),
                Arguments.of("ephemeral ports evidence", EPHEMERAL_PORTS_EXHAUSTION,
                        snapshot().destination("10.0.0.5", 5432, ESTABLISHED, 20_000), evidence,
                        "20000 of 28232 ephemeral ports in use toward 10.0.0.5:5432 (70.8%)"),
                Arguments.of("conntrack names the kernel's message", CONNTRACK_NEAR_MAX,
                        snapshot().limits(85_000L, 100_000L, null, null), cause, "nf_conntrack: table full"),
                Arguments.of("conntrack evidence", CONNTRACK_NEAR_MAX, snapshot().limits(85_000L, 100_000L, null, null),
                        evidence, "85000 of 100000 conntrack entries"),
                Arguments.of("retransmission evidence", RETRANSMISSION_HIGH,
                        snapshot().rate("RetransSegs", 30).rate("OutSegs", 1000), evidence,
                        "RetransSegs 30.0/s of OutSegs 1000.0/s (3.0%) over the last 30 s"));
    }
}
