package dev.tcpfleet.domain.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcpfleet.protocol.EphemeralPorts;
import dev.tcpfleet.protocol.HostIdentity;
import dev.tcpfleet.protocol.HostLimits;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.LoadAverage;
import dev.tcpfleet.protocol.TcpCounters;
import dev.tcpfleet.protocol.TcpState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class SnapshotMetricTest {
    private static final HostIdentity HOST = new HostIdentity("h-1", "web-1", Map.of(), "test");
    private static final Instant AT = Instant.parse("2026-11-25T10:15:30Z");

    @Test
    void readsEachFigureAndLeavesAMissingOneEmpty() {
        HostSnapshot full = new HostSnapshot(HostSnapshot.SCHEMA_VERSION, HOST, AT, 100,
                Map.of(TcpState.ESTABLISHED, 40, TcpState.TIME_WAIT, 12000, TcpState.LISTEN, 3), null, null, null,
                new EphemeralPorts(32768, 60999, 0.25, "10.0.0.9:5432"), null,
                new TcpCounters(Map.of(), Map.of("ListenOverflows", 2.5, "RetransSegs", 10.0), 10.0, List.of()),
                new HostLimits(900L, 1000L, null, null), null, null, null, new LoadAverage(1.5, 1, 1), null, null,
                null, null);
        HostSnapshot first = HostSnapshot.ofStates(HOST, AT, 100, Map.of(TcpState.ESTABLISHED, 1));
        HostSnapshot none = HostSnapshot.ofStates(HOST, AT, 100, Map.of());

        assertEquals(OptionalDouble.of(12043), SnapshotMetric.SOCKETS.of(full));
        assertEquals(OptionalDouble.of(12000), SnapshotMetric.TIME_WAIT.of(full));
        assertEquals(OptionalDouble.of(0), SnapshotMetric.SYN_RECV.of(full), "no socket in a state is 0");
        assertEquals(OptionalDouble.of(2.5), SnapshotMetric.LISTEN_OVERFLOWS_PER_S.of(full));
        assertEquals(OptionalDouble.of(0.25), SnapshotMetric.EPHEMERAL_PORT_USAGE.of(full));
        assertEquals(OptionalDouble.of(0.9), SnapshotMetric.CONNTRACK_USAGE.of(full));
        assertEquals(OptionalDouble.of(1.5), SnapshotMetric.LOAD1.of(full));

        assertEquals(OptionalDouble.empty(), SnapshotMetric.LISTEN_OVERFLOWS_PER_S.of(first), "no rate yet");
        assertEquals(OptionalDouble.empty(), SnapshotMetric.CONNTRACK_USAGE.of(first));
        assertEquals(OptionalDouble.empty(), SnapshotMetric.TIME_WAIT.of(none), "no counts at all");
    }

    @Test
    void apiNamesAreUniqueAndFindTheirMetric() {
        for (SnapshotMetric metric : SnapshotMetric.values()) {
            assertEquals(metric, SnapshotMetric.byApiName(metric.apiName()).orElseThrow());
        }
        assertEquals(java.util.Optional.empty(), SnapshotMetric.byApiName("TIME_WAIT"));
    }
}
