package dev.tcpfleet.controlplane.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.controlplane.SnapshotMessages;
import dev.tcpfleet.controlplane.hosts.HostRegistry;
import dev.tcpfleet.controlplane.ingest.ReceivedSnapshot;
import dev.tcpfleet.domain.ingest.SnapshotBatch;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.TcpState;
import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.PostgresTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** snapshots against the real PostgreSQL: a snapshot is stored once, and reads keep to their host and time range. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class SnapshotStoreTest {
    @Inject
    SnapshotStore store;

    @Inject
    HostRegistry hosts;

    private final String host = "snapshots-" + UUID.randomUUID();
    private final String other = host + "-other";
    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(600);

    @BeforeEach
    void theHostsAreKnown() {
        QuarkusTransaction.requiringNew().run(() -> hosts.recordSeen(List.of(host, other).stream()
                .map(id -> new SnapshotBatch.Sighting(SnapshotMessages.snapshot(id, t0, Map.of(), 0).host(), t0,
                        Instant.now()))
                .toList()));
    }

    private HostSnapshot at(String id, long seconds, int established) {
        return SnapshotMessages.snapshot(id, t0.plusSeconds(seconds), Map.of(), established);
    }

    /** Stores the batch and returns the seconds after t0 of the ones that were new, in the order returned. */
    private List<Long> insert(HostSnapshot... batch) {
        return QuarkusTransaction.requiringNew().call(() -> store.insert(List.of(batch).stream()
                        .map(SnapshotMessages::received).toList())).stream()
                .map(r -> r.snapshot().collectedAt().getEpochSecond() - t0.getEpochSecond()).toList();
    }

    private static List<Long> seconds(List<HostSnapshot> snapshots, Instant t0) {
        return snapshots.stream().map(s -> s.collectedAt().getEpochSecond() - t0.getEpochSecond()).toList();
    }

    @Test
    void aBatchReturnsOnlyItsNewSnapshotsInItsOrderAndARedeliveryIsNotNewData() {
        assertEquals(List.of(20L, 10L, 30L),
                insert(at(host, 20, 1), at(host, 10, 1), at(host, 20, 1), at(host, 30, 1)));
        assertEquals(List.of(40L), insert(at(host, 10, 1), at(host, 40, 1), at(host, 30, 1)));
        assertEquals(List.of(), insert(at(host, 40, 1)));
        assertEquals(List.of(), insert());
        assertEquals(List.of(10L), insert(at(other, 10, 1)), "another host's snapshot at the same time is new");
    }

    @Test
    void aRedeliveryKeepsTheBodyFirstStored() {
        insert(at(host, 10, 1));
        insert(at(host, 10, 99));

        assertEquals(1, store.latestSnapshot(host).orElseThrow().tcpStates().get(TcpState.ESTABLISHED));
    }

    @Test
    void timesWithinOneMicrosecondAreOneSnapshot() {
        Instant at = t0.plusSeconds(5).plusNanos(1_234_100);
        List<ReceivedSnapshot> first = QuarkusTransaction.requiringNew().call(() -> store.insert(List.of(
                SnapshotMessages.received(SnapshotMessages.snapshot(host, at, Map.of(), 1)))));
        List<ReceivedSnapshot> again = QuarkusTransaction.requiringNew().call(() -> store.insert(List.of(
                SnapshotMessages.received(SnapshotMessages.snapshot(host, at.plusNanos(300), Map.of(), 1)))));

        assertEquals(1, first.size(), "the first was not reported new: its time came back changed");
        assertEquals(List.of(), again);
    }

    @Test
    void aRangeIsFromInclusiveToExclusiveOldestFirstWithinItsLimitAndTheHost() {
        insert(at(host, 30, 1), at(host, 0, 1), at(host, 20, 1), at(host, 10, 1), at(other, 15, 1));

        assertEquals(List.of(10L, 20L),
                seconds(store.snapshots(host, t0.plusSeconds(10), t0.plusSeconds(30), 100), t0));
        assertEquals(List.of(10L), seconds(store.snapshots(host, t0.plusSeconds(10), t0.plusSeconds(30), 1), t0));
        assertEquals(List.of(0L, 10L, 20L, 30L), seconds(store.snapshots(host, t0, t0.plusSeconds(31), 100), t0));
        List<SnapshotStore.Row> rows = store.range(host, t0, t0.plusSeconds(1), 100);
        assertEquals(1, rows.size());
        assertNotNull(rows.get(0).receivedAt());
    }

    /** A judged window capped at its limit keeps the snapshots nearest its end, still returned oldest first. */
    @Test
    void theNewestOfAWindowAreItsLastWithinTheLimitOldestFirst() {
        insert(at(host, 30, 1), at(host, 0, 1), at(host, 20, 1), at(host, 10, 1), at(other, 25, 1));

        assertEquals(List.of(10L, 20L), seconds(store.newest(host, t0, t0.plusSeconds(30), 2), t0));
        assertEquals(List.of(0L, 10L, 20L, 30L), seconds(store.newest(host, t0, t0.plusSeconds(31), 100), t0));
    }

    @Test
    void theLatestIsTheNewestCollectedNotTheLastArrivedAndTheBaselineIsStrictlyBefore() {
        insert(at(host, 30, 3));
        insert(at(host, 10, 1), at(host, 20, 2));
        insert(at(other, 40, 4));

        assertEquals(t0.plusSeconds(30), store.latestSnapshot(host).orElseThrow().collectedAt());
        assertEquals(1, store.latest(host).size());
        assertEquals(t0.plusSeconds(20), store.lastBefore(host, t0.plusSeconds(30)).orElseThrow().collectedAt());
        assertEquals(t0.plusSeconds(10), store.lastBefore(host, t0.plusSeconds(11)).orElseThrow().collectedAt());
        assertTrue(store.lastBefore(host, t0.plusSeconds(10)).isEmpty());
        assertTrue(store.latestSnapshot(host + "-never").isEmpty());
    }
}
