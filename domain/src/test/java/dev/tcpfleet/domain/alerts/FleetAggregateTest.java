package dev.tcpfleet.domain.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcpfleet.domain.metrics.SnapshotMetric;
import dev.tcpfleet.protocol.HostIdentity;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.TcpState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FleetAggregateTest {
    private static final Instant AT = Instant.parse("2026-11-25T12:00:00Z");
    private static final Duration STALE_AFTER = Duration.ofMinutes(2);

    @Test
    void sumAvgAndMaxOfTheHostsFigures() {
        double[] values = {3, 1, 8};
        assertEquals(OptionalDouble.of(12), FleetAggregate.SUM.of(values));
        assertEquals(OptionalDouble.of(4), FleetAggregate.AVG.of(values));
        assertEquals(OptionalDouble.of(8), FleetAggregate.MAX.of(values));
    }

    @Test
    void p95IsTheNearestRankFigureNeverAnInterpolation() {
        double[] oneToTwenty = IntStream.rangeClosed(1, 20).mapToDouble(i -> 21 - i).toArray();
        assertEquals(OptionalDouble.of(19), FleetAggregate.P95.of(oneToTwenty), "rank ceil(0.95 * 20) = 19");
        double[] oneToTwentyOne = IntStream.rangeClosed(1, 21).mapToDouble(i -> i).toArray();
        assertEquals(OptionalDouble.of(20), FleetAggregate.P95.of(oneToTwentyOne), "rank ceil(19.95) = 20");
        assertEquals(OptionalDouble.of(100), FleetAggregate.P95.of(new double[] {100, 1, 2, 3, 4, 5, 6, 7, 8, 9}),
                "under 20 hosts it is the maximum");
        assertEquals(OptionalDouble.of(7), FleetAggregate.P95.of(new double[] {7}));
    }

    @Test
    void noFigureIsNoAggregateNotZero() {
        for (FleetAggregate aggregate : FleetAggregate.values()) {
            assertEquals(OptionalDouble.empty(), aggregate.of(new double[0]), aggregate.name());
        }
    }

    @Test
    void overTheFleetLeavesOutUnselectedStaleAndFigurelessHosts() {
        List<HostFigures> hosts = List.of(
                host("a", "prod", AT, 100),
                host("b", "prod", AT.minus(STALE_AFTER), 40), // exactly stale-after old: still fresh
                host("c", "prod", AT.minus(STALE_AFTER).minusMillis(1), 5_000), // stale
                host("d", "dev", AT, 7_000),
                new HostFigures("e", Map.of("env", "prod"), AT, Map.of()), // lacks the figure
                host("f", "prod", AT.plusSeconds(5), 1)); // reported after the judged snapshot: fresh too

        assertEquals(OptionalDouble.of(141), FleetAggregate.SUM.over(hosts, SnapshotMetric.ESTABLISHED,
                labels -> "prod".equals(labels.get("env")), AT, STALE_AFTER));
        assertEquals(OptionalDouble.of(7_141), FleetAggregate.SUM.over(hosts, SnapshotMetric.ESTABLISHED,
                labels -> true, AT, STALE_AFTER));
        assertEquals(OptionalDouble.empty(), FleetAggregate.MAX.over(hosts, SnapshotMetric.ESTABLISHED,
                labels -> false, AT, STALE_AFTER));
    }

    @Test
    void aHostsFiguresAreEveryFigureItsSnapshotCarries() {
        HostFigures figures = HostFigures.of(HostSnapshot.ofStates(new HostIdentity("h", "h.example",
                Map.of("env", "prod"), "test"), AT, 10, Map.of(TcpState.ESTABLISHED, 3, TcpState.TIME_WAIT, 9)));
        assertEquals(3.0, figures.values().get(SnapshotMetric.ESTABLISHED));
        assertEquals(9.0, figures.values().get(SnapshotMetric.TIME_WAIT));
        assertEquals(null, figures.values().get(SnapshotMetric.LOAD1), "a figure the snapshot lacks is absent");
        assertEquals(Map.of("env", "prod"), figures.labels());
    }

    private static HostFigures host(String id, String env, Instant collectedAt, double established) {
        return new HostFigures(id, Map.of("env", env), collectedAt, Map.of(SnapshotMetric.ESTABLISHED, established));
    }
}
