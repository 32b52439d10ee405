package dev.tcpfleet.controlplane.ingest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.controlplane.SnapshotMessages;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.testing.KafkaBrokerProcess;
import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.PostgresTestResource;
import dev.tcpfleet.testing.TestDatabase;
import dev.tcpfleet.testing.TopicRecords;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class SnapshotIngestTest {
    KafkaBrokerProcess broker;
    TestDatabase database;
    SnapshotMessages messages;

    @Inject
    SnapshotIngestService ingest;

    @Inject
    MeterRegistry registry;

    private final Instant base = Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(60);

    @BeforeEach
    void producer() {
        messages = new SnapshotMessages(broker);
    }

    @AfterEach
    void closeProducer() {
        messages.close();
    }

    @Test
    void aRedeliveredSnapshotIsStoredOnce() throws Exception {
        String host = "redelivery-" + UUID.randomUUID();
        HostSnapshot first = SnapshotMessages.snapshot(host, base, Map.of(), 10);
        HostSnapshot later = SnapshotMessages.snapshot(host, base.plusSeconds(10), Map.of(), 11);

        messages.send(first);
        messages.send(first);
        // same key, same partition: once the later one is stored, both copies of the first were consumed
        messages.send(later);
        awaitStored(host, later.collectedAt());

        assertEquals(2, count("SELECT count(*) FROM snapshots WHERE host_id = ?", host));
        assertEquals(1, count("SELECT count(*) FROM snapshots WHERE host_id = ? AND collected_at = '" + first.collectedAt() + "'", host));
    }

    @Test
    void anUnreadableMessageIsDeadLetteredWithItsReasonAndTheStreamGoesOn() {
        String host = "dead-letter-" + UUID.randomUUID();
        byte[] garbage = ("{\"schemaVersion\":99,\"host\":\"" + host + "\"}").getBytes(StandardCharsets.UTF_8);
        messages.send(host, garbage);
        HostSnapshot valid = SnapshotMessages.snapshot(host, base, Map.of(), 3);
        messages.send(valid);

        awaitStored(host, valid.collectedAt());
        ConsumerRecord<String, byte[]> dead = TopicRecords.awaitFirst(broker.bootstrapServers(), Topics.DEAD_LETTERS,
                record -> host.equals(record.key()));
        assertEquals(new String(garbage, StandardCharsets.UTF_8), new String(dead.value(), StandardCharsets.UTF_8));
        Header reason = dead.headers().lastHeader(Topics.DEAD_LETTER_REASON);
        assertTrue(new String(reason.value(), StandardCharsets.UTF_8).contains("unsupported schemaVersion 99"),
                new String(reason.value(), StandardCharsets.UTF_8));
    }

    @Test
    void hostMetadataFollowsTheNewestSnapshotEvenWhenAnOldOneArrivesLate() {
        String host = "metadata-" + UUID.randomUUID();
        HostSnapshot newer = SnapshotMessages.snapshot(host, base.plusSeconds(30), Map.of("env", "prod"), 5);
        HostSnapshot older = SnapshotMessages.snapshot(host, base, Map.of("env", "staging"), 4);
        messages.send(newer);
        messages.send(older);
        awaitStored(host, older.collectedAt());

        given().get("/api/hosts/{id}", host).then().statusCode(200)
                .body("labels.env", equalTo("prod"))
                .body("hostname", equalTo(host + ".example"))
                .body("firstSeen", equalTo(older.collectedAt().toString()))
                .body("lastSeen", equalTo(newer.collectedAt().toString()));
    }

    @Test
    void snapshotsComeBackInTimeOrderWithinTheAskedRange() {
        String host = "range-" + UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            messages.send(SnapshotMessages.snapshot(host, base.plusSeconds(i), Map.of(), i));
        }
        awaitStored(host, base.plusSeconds(4));

        given().queryParam("from", base.plusSeconds(1).toString()).queryParam("to", base.plusSeconds(4).toString())
                .get("/api/hosts/{id}/snapshots", host).then().statusCode(200)
                .body("size()", equalTo(3))
                .body("[0].snapshot.collectedAt", equalTo(base.plusSeconds(1).toString()))
                .body("[2].snapshot.tcpStates.ESTABLISHED", equalTo(3));
        given().queryParam("from", base.toString()).queryParam("limit", "2")
                .get("/api/hosts/{id}/snapshots", host).then().statusCode(200).body("size()", equalTo(2));
        given().get("/api/hosts/{id}/snapshots/latest", host).then().statusCode(200)
                .body("snapshot.tcpStates.ESTABLISHED", equalTo(4));
    }

    @Test
    void aBatchWithDuplicatesInsideAndRedeliveredStoresEachSnapshotOnceAndCountsItsRollupsOnce() throws Exception {
        String host = "batch-" + UUID.randomUUID();
        Instant minute = base.truncatedTo(ChronoUnit.MINUTES);
        ReceivedSnapshot first = received(SnapshotMessages.snapshot(host, minute, Map.of(), 4));
        ReceivedSnapshot second = received(SnapshotMessages.snapshot(host, minute.plusSeconds(10), Map.of(), 8));
        List<ReceivedSnapshot> batch = List.of(first, second, first, received(first.snapshot()));
        double storedBefore = registry.counter("tcpfleet.snapshots.stored").count();
        double duplicatesBefore = registry.counter("tcpfleet.snapshots.duplicates").count();

        ingest.ingest(batch);
        ingest.ingest(batch); // the whole batch again, as after a crash before its offsets were committed

        assertEquals(2, count("SELECT count(*) FROM snapshots WHERE host_id = ?", host));
        assertEquals(2, count("SELECT established_n FROM snapshot_rollups WHERE host_id = ? AND bucket = '1m'", host));
        assertEquals(12, count("SELECT established_sum FROM snapshot_rollups WHERE host_id = ? AND bucket = '1h'", host));
        assertEquals(2, registry.counter("tcpfleet.snapshots.stored").count() - storedBefore);
        assertEquals(6, registry.counter("tcpfleet.snapshots.duplicates").count() - duplicatesBefore);
        given().get("/api/hosts/{id}", host).then().statusCode(200)
                .body("lastSeen", equalTo(second.snapshot().collectedAt().toString()));
    }

    @Test
    void timesFarAheadAreStoredToTheMicrosecondAndCountedAsNew() throws Exception {
        String host = "far-" + UUID.randomUUID();
        // past 2^53 microseconds (the year 2255) float8 arithmetic is inexact: a time stored off by one would not
        // match the one sent, and the snapshot would be taken for a redelivery, its rollups never counted
        ReceivedSnapshot latest = received(SnapshotMessages.snapshot(host,
                Instant.parse("9999-12-31T23:59:59.999999Z"), Map.of(), 3));
        ReceivedSnapshot after2255 = received(SnapshotMessages.snapshot(host,
                Instant.parse("2300-06-01T12:34:56.789013Z"), Map.of(), 5));

        ingest.ingest(List.of(latest, after2255));

        assertEquals(1, count("SELECT count(*) FROM snapshots WHERE host_id = ? AND collected_at = '"
                + latest.snapshot().collectedAt() + "'", host));
        assertEquals(1, count("SELECT count(*) FROM snapshots WHERE host_id = ? AND collected_at = '"
                + after2255.snapshot().collectedAt() + "'", host));
        assertEquals(8, count("SELECT sum(established_sum) FROM snapshot_rollups WHERE host_id = ? AND bucket = '1h'",
                host), "both counted as new");
    }

    @Test
    void badRecordsInTheMiddleOfABatchAreDeadLetteredEachWithItsOwnReasonAndTheOthersAreStored() {
        String host = "mid-batch-" + UUID.randomUUID();
        // a batch is read in chunks side by side (the ingest parallelism): one bad record in each half, whose
        // reasons differ, shows each reason stays with its record
        byte[] seven = ("{\"schemaVersion\":7,\"host\":\"" + host + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] eight = ("{\"schemaVersion\":8,\"host\":\"" + host + "\"}").getBytes(StandardCharsets.UTF_8);
        List<HostSnapshot> good = List.of(0, 10, 20, 30).stream()
                .map(s -> SnapshotMessages.snapshot(host, base.plusSeconds(s), Map.of(), s)).toList();
        // sent together, so that they are most likely polled as one batch; what is asserted holds either way
        messages.sendTogether(List.of(
                new SnapshotMessages.Keyed(host, ProtocolJson.write(good.get(0))),
                new SnapshotMessages.Keyed(host, seven),
                new SnapshotMessages.Keyed(host, ProtocolJson.write(good.get(1))),
                new SnapshotMessages.Keyed(host, ProtocolJson.write(good.get(2))),
                new SnapshotMessages.Keyed(host, eight),
                new SnapshotMessages.Keyed(host, ProtocolJson.write(good.get(3)))));

        good.forEach(snapshot -> awaitStored(host, snapshot.collectedAt()));
        for (byte[] bad : List.of(seven, eight)) {
            ConsumerRecord<String, byte[]> dead = TopicRecords.awaitFirst(broker.bootstrapServers(),
                    Topics.DEAD_LETTERS, record -> Arrays.equals(bad, record.value()));
            String reason = new String(dead.headers().lastHeader(Topics.DEAD_LETTER_REASON).value(),
                    StandardCharsets.UTF_8);
            String version = bad == seven ? "7" : "8";
            assertTrue(reason.contains("unsupported schemaVersion " + version), reason);
            assertEquals(host, dead.key());
        }
    }

    private static ReceivedSnapshot received(HostSnapshot snapshot) {
        return SnapshotMessages.received(snapshot);
    }

    private void awaitStored(String host, Instant collectedAt) {
        await().atMost(Duration.ofSeconds(60)).until(() -> count(
                "SELECT count(*) FROM snapshots WHERE host_id = ? AND collected_at = '" + collectedAt + "'", host) == 1);
    }

    private long count(String sql, String host) throws Exception {
        try (Connection connection = database.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, host);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

}
