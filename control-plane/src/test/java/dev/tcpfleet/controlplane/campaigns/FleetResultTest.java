package dev.tcpfleet.controlplane.campaigns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.protocol.stress.ConnectLatencies;
import dev.tcpfleet.protocol.stress.FailureClass;
import dev.tcpfleet.protocol.stress.LatencySummary;
import dev.tcpfleet.protocol.stress.StressKind;
import dev.tcpfleet.protocol.stress.StressRequest;
import dev.tcpfleet.protocol.stress.StressResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class FleetResultTest {
    private static final Instant AT = Instant.parse("2026-11-25T12:00:00Z");

    private static StressResult result(long[] latencies, Map<FailureClass, Long> failures) {
        Histogram histogram = ConnectLatencies.newHistogram();
        LongStream.of(latencies).forEach(histogram::recordValue);
        long failed = failures.values().stream().mapToLong(Long::longValue).sum();
        return new StressResult(StressRequest.SCHEMA_VERSION, "c-1", StressKind.CONNECT_LOAD, "10.0.0.5:80", null,
                latencies.length + failed, latencies.length, failures, 0, 1000, latencies.length, 0,
                ConnectLatencies.encode(histogram), LatencySummary.of(histogram), AT);
    }

    @Test
    void percentilesAreThoseOfEveryConnectTogetherNotAnAverageOfHosts() {
        // one fast host, one slow: averaging their medians (50 and 5000) would say 2525 us
        StressResult fast = result(LongStream.rangeClosed(1, 99).toArray(), Map.of());
        StressResult slow = result(new long[] {5000}, Map.of());

        FleetResult fleet = FleetResult.of(List.of(fast, slow), 0.1);

        assertEquals(100, fleet.latency().count());
        assertEquals(50, fleet.latency().p50Micros());
        assertEquals(99, fleet.latency().p99Micros());
        assertEquals(5000, fleet.latency().maxMicros(), 5);
        assertEquals(fleet.latency(), LatencySummary.of(ConnectLatencies.decode(fleet.connectLatencies())));
        assertEquals(100, fleet.successes());
        assertEquals(2, fleet.hostsRun());
    }

    @Test
    void theDistributionCountsEveryConnectInBarsOfDoublingWidth() {
        StressResult fast = result(LongStream.rangeClosed(1, 99).toArray(), Map.of());
        StressResult slow = result(new long[] {150, 5000}, Map.of());

        List<LatencyBucket> bars = FleetResult.of(List.of(fast, slow), 0.1).distribution();

        assertEquals(101, bars.stream().mapToLong(LatencyBucket::count).sum());
        assertEquals(99, bars.get(0).count(), "1..99 us are in the first bar, up to 100 us");
        assertEquals(1, bars.get(1).count(), "150 us in the second, up to 200 us");
        assertTrue(bars.get(bars.size() - 1).upToMicros() >= 5000, "the last bar holds the slowest connect");
        assertEquals(1, bars.get(bars.size() - 1).count());
        for (int i = 1; i < bars.size(); i++) {
            assertEquals(bars.get(i - 1).upToMicros() * 2 + 1, bars.get(i).upToMicros(), 2, "bar " + i + " doubles");
        }
        assertEquals(List.of(), FleetResult.of(List.of(), 0.1).distribution());
    }

    @Test
    void failuresAddUpByClassAndTheWarningFollowsTheThreshold() {
        StressResult a = result(new long[] {100, 100, 100, 100}, Map.of(FailureClass.REFUSED, 1L));
        StressResult b = result(new long[] {100, 100, 100, 100}, Map.of(FailureClass.TIMEOUT, 1L));
        StressResult refused = StressResult.refused(StressRequest.latencyProbe("c-1", "10.0.0.5", 80, 5, 10, 1000,
                1000), "not on this host's allowlist", AT);

        FleetResult fleet = FleetResult.of(List.of(a, b, refused), 0.1);

        assertEquals(10, fleet.attempted());
        assertEquals(1L, fleet.failures().get(FailureClass.REFUSED));
        assertEquals(1L, fleet.failures().get(FailureClass.TIMEOUT));
        assertEquals(0.2, fleet.errorRate(), 1e-9);
        assertTrue(fleet.warning());
        assertFalse(FleetResult.of(List.of(a, b), 0.25).warning());
        assertEquals(1, fleet.hostsRefused());
        assertEquals(2, fleet.hostsRun());
    }

    @Test
    void noAnswersYetIsAnEmptyResult() {
        FleetResult fleet = FleetResult.of(List.of(), 0.1);

        assertEquals(0, fleet.attempted());
        assertEquals(0, fleet.errorRate());
        assertFalse(fleet.warning());
    }
}
