package dev.tcpfleet.controlplane.history;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.controlplane.SnapshotMessages;
import dev.tcpfleet.controlplane.ingest.SnapshotIngestService;
import dev.tcpfleet.testing.KafkaBrokerProcess;
import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.PostgresTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Daily partitions made ahead, rows moved out of the default partition, and retention, in the real PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class SnapshotPartitionsTest {
    KafkaBrokerProcess broker;

    @Inject
    SnapshotPartitions partitions;

    @Inject
    EntityManager em;

    @Inject
    SnapshotIngestService ingest;

    /** The partition holding the host's snapshot, once it is stored. */
    private String partitionOf(String host) {
        await().atMost(Duration.ofSeconds(60)).until(() -> !where(host).isEmpty());
        return where(host).get(0);
    }

    @SuppressWarnings("unchecked")
    private List<String> where(String host) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT CAST(tableoid::regclass AS text) FROM snapshots WHERE host_id = ?1")
                .setParameter(1, host).getResultList());
    }

    private String send(Instant collectedAt) {
        String host = "part-" + UUID.randomUUID();
        try (SnapshotMessages messages = new SnapshotMessages(broker)) {
            messages.send(SnapshotMessages.snapshot(host, collectedAt, Map.of(), 1));
        }
        return host;
    }

    /**
     * Stores a snapshot through ingest directly, as if the broker had stamped it at its collection time: over the
     * topic, one collected days ahead is refused by host authentication's clock check before it reaches a partition.
     */
    private String ingested(Instant collectedAt) {
        String host = "part-" + UUID.randomUUID();
        ingest.ingest(List.of(SnapshotMessages.received(SnapshotMessages.snapshot(host, collectedAt, Map.of(), 1))));
        return host;
    }

    @Test
    void snapshotsLandInTheirDayAndThoseWithoutOneAreKeptUntilTheirDayIsMade() {
        Instant now = Instant.now();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        assertEquals("snapshots_" + today.toString().replace("-", ""), partitionOf(send(now.truncatedTo(ChronoUnit.SECONDS))));

        Instant farAhead = now.plus(Duration.ofDays(10));
        String early = ingested(farAhead);
        assertEquals("snapshots_default", partitionOf(early), "no partition that far ahead yet");
        partitions.maintain(now.plus(Duration.ofDays(5)));
        LocalDate thatDay = LocalDate.ofInstant(farAhead, ZoneOffset.UTC);
        assertEquals("snapshots_" + thatDay.toString().replace("-", ""), partitionOf(early), "moved into its day");
    }

    @Test
    void retentionDropsWholeDaysAndOldRowsOfTheDefaultPartition() {
        Instant now = Instant.now();
        LocalDate old = LocalDate.ofInstant(now.minus(Duration.ofDays(45)), ZoneOffset.UTC);
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "SELECT tcpfleet_ensure_snapshot_partition(CAST(?1 AS date))").setParameter(1, old.toString())
                .getSingleResult());
        String ancient = send(now.minus(Duration.ofDays(60)));
        assertEquals("snapshots_default", partitionOf(ancient));

        List<LocalDate> dropped = partitions.maintain(now);

        assertTrue(dropped.contains(old), dropped.toString());
        assertEquals(List.of(), where(ancient), "older than the retention");
    }
}
