package dev.tcpfleet.controlplane.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tcpfleet.controlplane.SnapshotMessages;
import dev.tcpfleet.controlplane.hosts.HostRegistry;
import dev.tcpfleet.controlplane.sql.SqlTimes;
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
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * fleet_rollups against the real PostgreSQL: kept at ingest from how hosts' rows move, they answer a fleet trend
 * exactly as summing the hosts' rows does, several snapshots of a host in one minute included. The minutes are a
 * random hour weeks ahead, which no other test writes, so the whole fleet's rows there are this test's alone.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class FleetRollupsTest {
    @Inject
    FleetRollups fleet;

    @Inject
    SnapshotRollups rollups;

    @Inject
    FleetTrends trends;

    @Inject
    HostRegistry hosts;

    @Inject
    EntityManager em;

    private final String prefix = "fleetagg-" + UUID.randomUUID().toString().substring(0, 8);
    private final Instant m0 = Instant.now().plus(Duration.ofDays(40))
            .plus(Duration.ofHours(ThreadLocalRandom.current().nextInt(24 * 300))).truncatedTo(ChronoUnit.HOURS);

    private HostSnapshot at(String host, Map<String, String> labels, long seconds, int established) {
        return SnapshotMessages.snapshot(prefix + "-" + host, m0.plusSeconds(seconds), labels, established);
    }

    /** Stores a batch as ingest does: the hosts seen, their rows, then the fleet's from how those moved. */
    private void ingest(HostSnapshot... batch) {
        QuarkusTransaction.requiringNew().run(() -> {
            hosts.recordSeen(SnapshotBatch.sightings(List.of(batch)));
            fleet.add(rollups.add(SnapshotBatch.rollups(List.of(batch))));
        });
    }

    @AfterEach
    void removeTheRows() {
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("DELETE FROM fleet_rollups WHERE bucket_start >= ?1 AND bucket_start < ?2")
                    .setParameter(1, SqlTimes.utc(m0))
                    .setParameter(2, SqlTimes.utc(m0.plus(Duration.ofHours(2)))).executeUpdate();
            em.createNativeQuery("DELETE FROM snapshot_rollups WHERE host_id LIKE ?1")
                    .setParameter(1, prefix + "-%").executeUpdate();
        });
    }

    @Test
    void theFleetsRowsAnswerAsTheHostsRowsDoWithSeveralSnapshotsOfAHostInAMinute() {
        Map<String, String> a = Map.of("group", prefix, "zone", "a");
        Map<String, String> b = Map.of("group", prefix, "zone", "b");
        Map<String, String> none = Map.of("group", prefix);
        ingest(at("a1", a, 5, 10), at("a2", a, 5, 30));
        ingest(at("a1", a, 20, 50), at("b1", b, 30, 100), at("c1", none, 40, 7));
        // b1 twice in the batch and once more later, a1 into the next minute and the next hour
        ingest(at("b1", b, 45, 40), at("b1", b, 50, 61), at("a1", a, 61, 12), at("a1", a, 3700, 9));
        ingest(at("b1", b, 55, 1), at("a2", a, 70, 33));

        record Case(String selector, FleetGroup group) {
        }
        for (Case c : List.of(new Case(null, FleetGroup.FLEET), new Case("group=" + prefix, new FleetGroup("group",
                prefix)), new Case("zone = a", new FleetGroup("zone", "a")))) {
            for (FleetTrends.Aggregate aggregate : List.of(FleetTrends.Aggregate.SUM, FleetTrends.Aggregate.AVG)) {
                for (String bucket : List.of("1m", "1h")) {
                    String name = c.selector() + " " + aggregate + " " + bucket;
                    List<String> selected = hosts.historical(c.selector());
                    List<FleetTrends.GroupPoint> expected = trends.perHost(selected, SnapshotMetric.ESTABLISHED,
                            aggregate, null, bucket, m0.minus(Duration.ofHours(1)), m0.plus(Duration.ofHours(2)));
                    List<FleetTrends.GroupPoint> kept = fleet.read(c.group(), SnapshotMetric.ESTABLISHED, aggregate,
                            bucket, m0.minus(Duration.ofHours(1)), m0.plus(Duration.ofHours(2)));
                    assertFalse(expected.isEmpty(), name);
                    assertEquals(expected.size(), kept.size(), name + ": " + expected + " vs " + kept);
                    for (int i = 0; i < expected.size(); i++) {
                        assertEquals(expected.get(i).bucketStart(), kept.get(i).bucketStart(), name);
                        assertEquals(expected.get(i).group(), kept.get(i).group(), name);
                        assertEquals(expected.get(i).hosts(), kept.get(i).hosts(), name);
                        assertEquals(expected.get(i).value(), kept.get(i).value(), 1e-9, name);
                    }
                }
            }
        }
        // the zone-a minute m0: a1 averaged 10 and 50 (30), a2 30: two hosts, not three samples
        FleetTrends.GroupPoint first = fleet.read(new FleetGroup("zone", "a"), SnapshotMetric.ESTABLISHED,
                FleetTrends.Aggregate.SUM, "1m", m0, m0.plusSeconds(60)).get(0);
        assertEquals(60, first.value(), 1e-9);
        assertEquals(2, first.hosts());
    }

    @Test
    void aHostWhoseLabelsChangeInsideItsBucketsMovesWholeToItsNewGroups() {
        Map<String, String> a = Map.of("group", prefix, "zone", "a");
        Map<String, String> b = Map.of("group", prefix, "zone", "b");
        ingest(at("s1", a, 5, 20), at("z1", a, 5, 10));
        // z1 relabelled by a later batch of minute m0, and on into the next minute
        ingest(at("z1", b, 20, 50));
        ingest(at("z1", b, 70, 30));

        // every bucket of z1 moved after its change: the per-host query, which groups by today's labels, agrees
        for (FleetGroup group : List.of(FleetGroup.FLEET, new FleetGroup("group", prefix), new FleetGroup("zone", "a"),
                new FleetGroup("zone", "b"))) {
            assertAnswersAsTheHostsRows(group);
        }
        // minute m0: zone a keeps s1 (20) alone, z1 left it whole for zone b, averaging 10 and 50
        for (String zone : List.of("a", "b")) {
            FleetTrends.GroupPoint minute = fleet.read(new FleetGroup("zone", zone), SnapshotMetric.ESTABLISHED,
                    FleetTrends.Aggregate.SUM, "1m", m0, m0.plusSeconds(60)).get(0);
            assertEquals(1, minute.hosts(), zone);
            assertEquals(zone.equals("a") ? 20 : 30, minute.value(), 1e-9, zone);
        }
    }

    @Test
    void aBucketThatDoesNotMoveAgainStaysWithTheLabelsItWasCountedUnder() {
        ingest(at("z2", Map.of("group", prefix, "zone", "a"), 5, 10));
        ingest(at("z2", Map.of("group", prefix, "zone", "b"), 70, 30));

        // minute m0 stays in zone a (the per-host query would now put it in b); m0+1 and the hour moved to b
        assertEquals(1, fleetRow("zone", "a", "1m", m0));
        assertEquals(0, fleetRow("zone", "b", "1m", m0));
        assertEquals(1, fleetRow("zone", "b", "1m", m0.plusSeconds(60)));
        assertEquals(0, fleetRow("zone", "a", "1h", m0));
        assertEquals(1, fleetRow("zone", "b", "1h", m0));
        assertEquals(20, fleet.read(new FleetGroup("zone", "b"), SnapshotMetric.ESTABLISHED,
                FleetTrends.Aggregate.SUM, "1h", m0, m0.plusSeconds(3600)).get(0).value(), 1e-9);
    }

    /** The hosts the group's row counts for established (0 without a row). */
    private int fleetRow(String key, String value, String bucket, Instant start) {
        List<?> hosts = em.createNativeQuery("SELECT established_hosts FROM fleet_rollups WHERE label_key = ?1"
                        + " AND label_value = ?2 AND bucket = ?3 AND bucket_start = ?4")
                .setParameter(1, key).setParameter(2, value).setParameter(3, bucket)
                .setParameter(4, SqlTimes.utc(start)).getResultList();
        return hosts.isEmpty() ? 0 : ((Number) hosts.get(0)).intValue();
    }

    private void assertAnswersAsTheHostsRows(FleetGroup group) {
        String selector = group.equals(FleetGroup.FLEET) ? null : group.labelKey() + "=" + group.labelValue();
        for (FleetTrends.Aggregate aggregate : List.of(FleetTrends.Aggregate.SUM, FleetTrends.Aggregate.AVG)) {
            for (String bucket : List.of("1m", "1h")) {
                String name = group + " " + aggregate + " " + bucket;
                List<FleetTrends.GroupPoint> expected = trends.perHost(hosts.historical(selector),
                        SnapshotMetric.ESTABLISHED, aggregate, null, bucket, m0, m0.plus(Duration.ofHours(2)));
                List<FleetTrends.GroupPoint> kept = fleet.read(group, SnapshotMetric.ESTABLISHED, aggregate, bucket,
                        m0, m0.plus(Duration.ofHours(2)));
                assertEquals(expected.size(), kept.size(), name + ": " + expected + " vs " + kept);
                for (int i = 0; i < expected.size(); i++) {
                    assertEquals(expected.get(i).bucketStart(), kept.get(i).bucketStart(), name);
                    assertEquals(expected.get(i).hosts(), kept.get(i).hosts(), name);
                    assertEquals(expected.get(i).value(), kept.get(i).value(), 1e-9, name);
                }
            }
        }
    }

    @Test
    void aMetricNoSnapshotCarriedCountsNoHost() {
        ingest(at("x1", Map.of("group", prefix), 5, 10));

        assertEquals(List.of(), fleet.read(new FleetGroup("group", prefix), SnapshotMetric.LOAD1,
                FleetTrends.Aggregate.SUM, "1m", m0, m0.plusSeconds(60)));
    }

    @Test
    void theTrendReadsTheFleetsRowsOnlyForASumOrAverageOfTheFleetOrOneLabel() {
        ingest(at("x1", Map.of("group", prefix, "zone", "a"), 5, 10), at("x2", Map.of("group", prefix), 5, 20));
        // rows of the hosts alone would answer too: removing them shows which rows answered
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("DELETE FROM snapshot_rollups"
                + " WHERE host_id LIKE ?1").setParameter(1, prefix + "-%").executeUpdate());

        record Case(String labels, FleetTrends.Aggregate aggregate, String groupBy, int points) {
        }
        for (Case c : List.of(new Case("group=" + prefix, FleetTrends.Aggregate.SUM, null, 1),
                new Case(null, FleetTrends.Aggregate.AVG, null, 1),
                new Case("group=" + prefix, FleetTrends.Aggregate.MAX, null, 0),
                new Case("group=" + prefix, FleetTrends.Aggregate.SUM, "zone", 0),
                new Case("group=" + prefix + ",zone=a", FleetTrends.Aggregate.SUM, null, 0))) {
            assertEquals(c.points(), trends.aggregate(c.labels(), SnapshotMetric.ESTABLISHED, c.aggregate(),
                    c.groupBy(), "1m", m0, m0.plusSeconds(60)).size(), c.toString());
        }
    }
}
