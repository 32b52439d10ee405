package dev.tcpfleet.controlplane.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.controlplane.SnapshotMessages;
import dev.tcpfleet.controlplane.ingest.SnapshotIngestService;
import dev.tcpfleet.controlplane.hosts.HostRegistry;
import dev.tcpfleet.domain.alerts.HostFigures;
import dev.tcpfleet.domain.ingest.SnapshotBatch;
import dev.tcpfleet.domain.metrics.SnapshotMetric;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.PostgresTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** host_figures in the real PostgreSQL, written by the real ingest path and read as the fleet rules' judge reads. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class HostFiguresStoreTest {
    @Inject
    HostFiguresStore figures;

    @Inject
    SnapshotIngestService ingest;

    @Inject
    HostRegistry hosts;

    @Inject
    EntityManager em;

    private final String prefix = "figures-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(600);

    private HostSnapshot snapshot(String host, long seconds, int established) {
        return SnapshotMessages.snapshot(prefix + host, t0.plusSeconds(seconds), Map.of("team", "figures"),
                established);
    }

    private void ingest(HostSnapshot... batch) {
        ingest.ingest(List.of(batch).stream().map(SnapshotMessages::received).toList());
    }

    private HostFiguresStore.Changes changedSince(String seen) {
        return QuarkusTransaction.requiringNew().call(() -> figures.changedSince(seen));
    }

    /** This test's hosts among {@code changes}: established sockets and collection second, by host. */
    private Map<String, String> ours(HostFiguresStore.Changes changes) {
        Map<String, String> ours = new TreeMap<>();
        for (HostFigures host : changes.figures()) {
            if (host.hostId().startsWith(prefix)) {
                ours.put(host.hostId().substring(prefix.length()), host.values().get(SnapshotMetric.ESTABLISHED)
                        + " at " + (host.collectedAt().getEpochSecond() - t0.getEpochSecond()));
            }
        }
        return ours;
    }

    @Test
    void figuresOnlyMoveForwardAndEachReadReturnsWhatChangedSinceTheLast() {
        String start = changedSince(HostFiguresStore.NOTHING_SEEN).seen();
        ingest(snapshot("a", 1, 5), snapshot("a", 2, 6), snapshot("b", 1, 7));
        HostFiguresStore.Changes first = changedSince(start);
        assertEquals(Map.of("a", "6.0 at 2", "b", "7.0 at 1"), ours(first), "a batch's newest per host");
        assertEquals(Map.of("team", "figures"), first.figures().stream()
                .filter(host -> host.hostId().equals(prefix + "b")).findFirst().orElseThrow().labels());

        ingest(snapshot("a", 0, 1)); // late: older than a's stored figures
        ingest(snapshot("a", 2, 6)); // redelivered: not stored again
        HostSnapshot sameTimeOtherFigures = snapshot("b", 1, 99);
        QuarkusTransaction.requiringNew().run(() -> figures.record(List.of(sameTimeOtherFigures)));
        HostFiguresStore.Changes none = changedSince(first.seen());
        assertEquals(Map.of(), ours(none), "nothing moved back, nothing written twice");

        ingest(snapshot("a", 3, 9));
        assertEquals(Map.of("a", "9.0 at 3"), ours(changedSince(none.seen())));
        assertEquals(Map.of("a", "9.0 at 3", "b", "7.0 at 1"), ours(changedSince(HostFiguresStore.NOTHING_SEEN)),
                "a first read gets every host's latest");
    }

    @Test
    void everyFigureReadsBackFromPostgresqlAsItWasTheAbsentOnesAbsent() {
        Map<SnapshotMetric, Double> values = new EnumMap<>(SnapshotMetric.class);
        values.put(SnapshotMetric.SOCKETS, 120_000.0);
        values.put(SnapshotMetric.ESTABLISHED, 0.0);
        values.put(SnapshotMetric.RETRANSMITS_PER_S, Double.NaN);
        values.put(SnapshotMetric.EPHEMERAL_PORT_USAGE, 0.000012345678901234);
        values.put(SnapshotMetric.CONNTRACK_USAGE, 1.0 / 3);
        values.put(SnapshotMetric.LOAD1, Double.POSITIVE_INFINITY);
        String stored = QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "SELECT CAST(CAST(?1 AS float8[]) AS text)").setParameter(1, HostFiguresStore.arrayText(values))
                .getSingleResult());

        assertEquals(values, HostFiguresStore.values(stored));
        assertEquals(Map.of(SnapshotMetric.SOCKETS, 1.0), HostFiguresStore.values("{1}"), "a row from before a metric");
        assertEquals(EnumSet.allOf(SnapshotMetric.class), EnumSet.copyOf(HostFigures.STORED_ORDER),
                "every metric has its place in the stored rows");
        assertEquals(SnapshotMetric.values().length, HostFigures.STORED_ORDER.size());
    }

    @Test
    void aWriteCommittedAfterALaterOneIsReadNextTime() throws Exception {
        String start = changedSince(HostFiguresStore.NOTHING_SEEN).seen();
        HostSnapshot slow = snapshot("slow", 1, 3);
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        // the slow batch takes its transaction id first and commits last, as two instances' ingests may
        CompletableFuture<Void> slowBatch = CompletableFuture.runAsync(() -> QuarkusTransaction.requiringNew()
                .run(() -> {
                    hosts.recordSeen(SnapshotBatch.sightings(List.of(slow)));
                    figures.record(List.of(slow));
                    written.countDown();
                    await(commit);
                }));
        try {
            await(written);
            ingest(snapshot("fast", 1, 4));
            HostFiguresStore.Changes before = changedSince(start);
            assertEquals(Map.of("fast", "4.0 at 1"), ours(before));
            commit.countDown();
            slowBatch.get(30, TimeUnit.SECONDS);

            assertEquals(Map.of("slow", "3.0 at 1"), ours(changedSince(before.seen())));
        } finally {
            commit.countDown();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, TimeUnit.SECONDS), "the other transaction did not get there");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
