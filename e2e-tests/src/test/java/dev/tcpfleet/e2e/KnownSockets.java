package dev.tcpfleet.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.e2e.SsOutput.Endpoint;
import dev.tcpfleet.e2e.SsOutput.Row;
import dev.tcpfleet.e2e.SsOutput.Tally;
import dev.tcpfleet.protocol.TcpState;
import java.util.List;
import java.util.Map;

/**
 * One socket fixture covering every state and shape the snapshot reports, and what the kernel must show
 * for it. Fixed ports: each run has a namespace of its own.
 */
final class KnownSockets {
    static final int V4 = 7001;
    static final int V6 = 7002;
    static final int DUAL = 7003;
    static final int FULL = 7005;
    static final int BACKLOG = 2;
    static final int ATTEMPTS_AT_FULL = 5;

    static final List<String> SPEC = List.of(
            "listen@127.0.0.1:" + V4,
            "listen@[::1]:" + V6,
            "listen@[::]:" + DUAL,
            "listen@127.0.0.1:" + FULL + "/backlog=" + BACKLOG + "/noaccept",
            "established=3@127.0.0.1:" + V4,
            "established=2@[::1]:" + V6,
            "established=2@127.0.0.2:" + DUAL,
            "established=2@127.0.0.3:" + DUAL + "/mapped",
            "timewait=4@127.0.0.1:" + V4,
            "timewait=2@[::1]:" + V6,
            "closewait=3@127.0.0.1:" + V4,
            "queue=" + ATTEMPTS_AT_FULL + "@127.0.0.1:" + FULL);

    /** The kernel queues one more than the backlog: a listener is full when the queue exceeds it. */
    static final int QUEUED = BACKLOG + 1;
    static final int DROPPED = ATTEMPTS_AT_FULL - QUEUED;

    private KnownSockets() {
    }

    /** What {@code ss} must say about a namespace holding only {@link #SPEC}'s fixture, {@code pid}. */
    static void assertReading(NamespaceReading reading, long pid) {
        SsOutput ss = reading.sockets();
        Map<Endpoint, List<Row>> destinations = ss.destinations();
        assertAll(
                () -> assertEquals(Map.of(
                        TcpState.LISTEN, 4,
                        // 9 pairs, and both ends of each queued connection
                        TcpState.ESTABLISHED, 2 * 9 + 2 * QUEUED,
                        TcpState.TIME_WAIT, 6,
                        TcpState.CLOSE_WAIT, 3,
                        TcpState.FIN_WAIT2, 3,
                        TcpState.SYN_SENT, DROPPED), ss.states(), "sockets per state"),
                () -> assertEquals(7, ss.ports().get(V4).total(), "listener, 3 accepted, 3 in FIN_WAIT2 on " + V4),
                () -> assertEquals(3, ss.ports().get(V6).total(), "listener and 2 accepted on " + V6),
                () -> assertEquals(5, ss.ports().get(DUAL).total(), "listener and 4 accepted on " + DUAL),
                () -> assertEquals(1 + QUEUED, ss.ports().get(FULL).total(), "listener and its queue on " + FULL),
                () -> assertEquals(List.of(new Row(TcpState.LISTEN, QUEUED, BACKLOG,
                                new Endpoint(SsOutput.address("127.0.0.1"), FULL), new Endpoint(SsOutput.address("0.0.0.0"), 0),
                                java.util.Set.of())),
                        reading.listeners().rows().stream().filter(row -> row.local().port() == FULL).toList(),
                        "the full listener: Recv-Q is the queue, Send-Q the backlog"),
                () -> assertEquals(Map.of(TcpState.ESTABLISHED, 3, TcpState.TIME_WAIT, 4, TcpState.CLOSE_WAIT, 3),
                        destination(destinations, "127.0.0.1", V4).states()),
                () -> assertEquals(Map.of(TcpState.ESTABLISHED, 2, TcpState.TIME_WAIT, 2),
                        destination(destinations, "::1", V6).states()),
                () -> assertEquals(Map.of(TcpState.ESTABLISHED, 2), destination(destinations, "127.0.0.2", DUAL).states()),
                () -> assertEquals(Map.of(TcpState.ESTABLISHED, 2), destination(destinations, "127.0.0.3", DUAL).states(),
                        "IPv4-mapped peer counted as IPv4"),
                () -> assertEquals(Map.of(TcpState.ESTABLISHED, QUEUED, TcpState.SYN_SENT, DROPPED),
                        destination(destinations, "127.0.0.1", FULL).states()),
                () -> assertEquals(5, destinations.size(), "destinations " + destinations.keySet()),
                // everything but TIME_WAIT and the connections nobody accepted
                () -> assertEquals(ss.rows().size() - 6 - QUEUED, ss.process(pid).total(), "sockets of the fixture"),
                () -> assertEquals(6, reading.summary().timewait(), "ss -s timewait"),
                () -> assertEquals(2 * 9 + 2 * QUEUED + 3, reading.summary().estab(), "ss -s estab: ESTABLISHED + CLOSE_WAIT"),
                () -> assertEquals(reading.sockstat().get("TCP.inuse"), reading.summary().inUseIpv4(), "ss -s IPv4 in use"),
                () -> assertEquals(reading.sockstat().get("TCP6.inuse"), reading.summary().inUseIpv6(), "ss -s IPv6 in use"),
                () -> assertEquals(ss.rows().size() - 6, reading.summary().inUseIpv4() + reading.summary().inUseIpv6(),
                        "sockstat in use: every socket but TIME_WAIT"),
                () -> assertTrue(reading.netstat().get("TcpExt.ListenOverflows") >= DROPPED,
                        "each dropped SYN counts as a listen overflow"));
    }

    static Tally destination(Map<Endpoint, List<Row>> destinations, String address, int port) {
        List<Row> rows = destinations.get(new Endpoint(SsOutput.address(address), port));
        if (rows == null) {
            throw new AssertionError("no outbound sockets to " + address + ":" + port + " in " + destinations.keySet());
        }
        return Tally.of(rows);
    }
}
