package dev.tcpfleet.controlplane.history;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.controlplane.SnapshotMessages;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.testing.KafkaBrokerProcess;
import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.PostgresTestResource;
import dev.tcpfleet.testing.TestDatabase;
import dev.tcpfleet.testing.TopicRecords;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
