package dev.tcpfleet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tcpfleet.e2e.SsOutput.Endpoint;
import dev.tcpfleet.e2e.SsOutput.Row;
import dev.tcpfleet.protocol.TcpState;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Parsing captured iproute2 6.1 output of a socket fixture (listeners on 7001, [::1]:7002, [::]:7003, a full 7005). */
class SsOutputTest {
    private static final long FIXTURE = 21058;

    private final SsOutput tanp = SsOutput.parse(resource("tanp.txt"));

    @Test
    void countsEveryStateUnderTheKernelsName() {
        assertEquals(Map.of(TcpState.LISTEN, 4, TcpState.ESTABLISHED, 24, TcpState.SYN_SENT, 2,
                TcpState.FIN_WAIT2, 3, TcpState.TIME_WAIT, 4, TcpState.CLOSE_WAIT, 3), tanp.states());
    }

    @Test
    void readsAddressesOfEveryForm() {
        assertEquals(new Endpoint(SsOutput.address("::"), 7003), SsOutput.endpoint("*:7003"));
        assertEquals(new Endpoint(SsOutput.address("::1"), 7002), SsOutput.endpoint("[::1]:7002"));
        assertEquals(new Endpoint(SsOutput.address("127.0.0.2"), 7003), SsOutput.endpoint("[::ffff:127.0.0.2]:7003"));
        assertEquals(new Endpoint(SsOutput.address("0.0.0.0"), 0), SsOutput.endpoint("0.0.0.0:*"));
        assertEquals(new Endpoint(SsOutput.address("10.0.0.1"), 80), SsOutput.endpoint("10.0.0.1%eth0:80"));
    }

    @Test
    void tallysPortsListenersIncluded() {
        assertEquals(Map.of(TcpState.LISTEN, 1, TcpState.ESTABLISHED, 3, TcpState.FIN_WAIT2, 3), tanp.ports().get(7001).states());
        assertEquals(4, tanp.ports().get(7005).total());
        assertEquals(Set.of(7001, 7002, 7003, 7005), tanp.listenedPorts());
    }

    @Test
    void groupsOutboundSocketsByPeerWithMappedAddressesAsIpv4() {
        Map<Endpoint, List<Row>> destinations = tanp.destinations();
        assertEquals(5, destinations.size(), destinations.keySet().toString());
        assertEquals(Map.of(TcpState.ESTABLISHED, 3, TcpState.TIME_WAIT, 4, TcpState.CLOSE_WAIT, 3),
                KnownSockets.destination(destinations, "127.0.0.1", 7001).states());
        assertEquals(2, KnownSockets.destination(destinations, "127.0.0.3", 7003).total());
        assertEquals(Map.of(TcpState.ESTABLISHED, 3, TcpState.SYN_SENT, 2),
                KnownSockets.destination(destinations, "127.0.0.1", 7005).states());
        assertEquals(Set.of(FIXTURE), SsOutput.pids(destinations.get(new Endpoint(SsOutput.address("127.0.0.1"), 7001))));
    }

    @Test
    void attributesSocketsToTheProcessesHoldingThem() {
        // 40 sockets: TIME_WAIT and the 3 connections nobody accepted belong to no process
        assertEquals(40, tanp.rows().size());
        assertEquals(40 - 4 - 3, tanp.process(FIXTURE).total());
        assertEquals(0, tanp.process(1).total());
    }

    @Test
    void readsListenerQueues() {
        Row full = SsOutput.parse(resource("ltn.txt")).rows().stream()
                .filter(row -> row.local().port() == 7005).findFirst().orElseThrow();
        assertEquals(3, full.recvQ());
        assertEquals(2, full.sendQ());
    }

    @Test
    void readsTheSummarysTcpFigures() {
        assertEquals(new SsSummary(54, 27, 0, 4, 24, 12), SsSummary.parse(resource("s.txt")));
        assertThrows(IllegalArgumentException.class, () -> SsSummary.parse("Total: 3\n"));
    }

    @Test
    void refusesAStateItDoesNotKnow() {
        assertThrows(IllegalArgumentException.class, () -> SsOutput.parse("BOGUS 0 0 1.2.3.4:1 1.2.3.4:2\n"));
    }

    private static String resource(String name) {
        try (InputStream in = SsOutputTest.class.getResourceAsStream("/ss/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
