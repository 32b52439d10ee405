package dev.tcpfleet.domain.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tcpfleet.domain.ingest.SnapshotBatch.Figure;
import dev.tcpfleet.domain.ingest.SnapshotBatch.Rollup;
import dev.tcpfleet.domain.ingest.SnapshotBatch.Sighting;
import dev.tcpfleet.domain.metrics.SnapshotMetric;
import dev.tcpfleet.protocol.HostIdentity;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.TcpState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotBatchTest {
    private static final Instant T = Instant.parse("2026-11-25T10:15:30Z");

    private static HostSnapshot snapshot(String host, Instant at, int established, String env) {
        return HostSnapshot.ofStates(new HostIdentity(host, host + ".example", Map.of("env", env), "1"), at, 10,
                Map.of(TcpState.ESTABLISHED, established));
    }

    @Test
    void aSplitByHostKeepsEachHostWholeAndInOrder() {
        List<String> received = List.of("a:1", "b:1", "c:1", "a:2", "d:1", "b:2", "a:3", "e:1");

        List<List<String>> parts = SnapshotBatch.byHost(received, 3, r -> r.substring(0, 1));

        assertEquals(received.size(), parts.stream().mapToInt(List::size).sum(), "nothing lost or repeated");
        for (String host : List.of("a", "b", "c", "d", "e")) {
            List<List<String>> holding = parts.stream().filter(p -> p.stream().anyMatch(r -> r.startsWith(host)))
                    .toList();
            assertEquals(1, holding.size(), host + " is in one part");
            assertEquals(received.stream().filter(r -> r.startsWith(host)).toList(),
                    holding.get(0).stream().filter(r -> r.startsWith(host)).toList(), host + "'s order is kept");
        }
        assertEquals(List.of(received), SnapshotBatch.byHost(received, 1, r -> r.substring(0, 1)));
        assertEquals(List.of(), SnapshotBatch.byHost(List.<String>of(), 4, r -> r));
    }

    @Test
    void aSnapshotRepeatedInTheBatchCountsOnce() {
        HostSnapshot a = snapshot("a", T, 1, "prod");
        HostSnapshot b = snapshot("a", T.plusSeconds(10), 2, "prod");

        assertEquals(List.of(a, b), SnapshotBatch.distinct(List.of(a, b, snapshot("a", T, 1, "prod")), s -> s));
    }

    @Test
    void aHostIsSeenOnceWithItsNewestIdentityAndItsWholeSpan() {
        HostSnapshot newer = snapshot("a", T.plusSeconds(30), 1, "prod");
        HostSnapshot older = snapshot("a", T, 1, "staging");

        assertEquals(List.of(new Sighting(newer.host(), T, T.plusSeconds(30)),
                        new Sighting(snapshot("b", T, 1, "dev").host(), T, T)),
                SnapshotBatch.sightings(List.of(newer, snapshot("b", T, 1, "dev"), older)));
    }

    @Test
    void rollupsAreSummedPerHostAndBucket() {
        List<Rollup> rollups = SnapshotBatch.rollups(List.of(snapshot("a", T, 4, "p"),
                snapshot("a", T.plusSeconds(10), 8, "p"), snapshot("a", T.plusSeconds(40), 6, "p")));

        // 10:15 holds two snapshots, 10:16 one; the hour all three
        assertEquals(List.of("1h@2026-11-25T10:00:00Z", "1m@2026-11-25T10:15:00Z", "1m@2026-11-25T10:16:00Z"),
                rollups.stream().map(r -> r.bucket() + "@" + r.bucketStart()).toList());
        assertEquals(new Figure(3, 18, 4.0, 8.0), established(rollups.get(0)));
        assertEquals(new Figure(2, 12, 4.0, 8.0), established(rollups.get(1)));
        assertEquals(new Figure(1, 6, 6.0, 6.0), established(rollups.get(2)));
    }

    @Test
    void aFigureNoSnapshotCarriedHasNoSamplesAndNoExtremes() {
        Figure conntrack = SnapshotBatch.rollups(List.of(snapshot("a", T, 1, "p"))).get(0).figures()
                .get(SnapshotMetric.CONNTRACK_USAGE.ordinal());

        assertEquals(0, conntrack.samples());
        assertNull(conntrack.min());
        assertNull(conntrack.max());
    }

    private static Figure established(Rollup rollup) {
        return rollup.figures().get(SnapshotMetric.ESTABLISHED.ordinal());
    }
}
