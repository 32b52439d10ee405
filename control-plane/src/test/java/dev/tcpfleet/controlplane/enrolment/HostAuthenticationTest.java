package dev.tcpfleet.controlplane.enrolment;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.controlplane.SnapshotMessages;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.protocol.identity.HostKeys;
import dev.tcpfleet.protocol.identity.HostSealer;
import dev.tcpfleet.testing.KafkaBrokerProcess;
import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.PostgresTestResource;
import dev.tcpfleet.testing.TopicRecords;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Issue 21: against the real broker, only the enrolled host a message names gets it stored. A forged host id, a
 * replayed or future-dated snapshot and a revoked host's messages are refused with their reasons and change nothing; a
 * host without the enrol secret waits until an admin accepts it; an accepted host flows as before.
 */
@QuarkusTest
@TestProfile(HostAuthenticationTest.ProductionClockLimits.class)
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class HostAuthenticationTest {
    /** The default delivery delay, which the other tests lift to report history collected long ago. */
    public static class ProductionClockLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tcpfleet.identity.max-delivery-delay", "40m");
        }
    }

    KafkaBrokerProcess broker;

    @Inject
    MeterRegistry registry;

    @Test
    void anAcceptedHostFlowsAsBefore() {
        String host = host("genuine");
        SnapshotMessages.register(broker, host, Map.of("env", "identity"));
        SnapshotMessages.report(broker, snapshot(host, now(), 42));

        given().get("/api/hosts/{id}", host).then().statusCode(200).body("enrolment", equalTo("accepted"));
        given().get("/api/enrolments?status=accepted").then().statusCode(200)
                .body("find { it.hostId == '" + host + "' }.fingerprint",
                        equalTo(SnapshotMessages.sealer(host).fingerprint()));
    }

    @Test
    void aForgedHostIdIsRefusedAsAKeyMismatchAndChangesNothingUntilAnAdminAcceptsTheNewKey() {
        String host = host("forged");
        SnapshotMessages.register(broker, host, Map.of());
        String lastSeen = lastSeen(host);
        HostSealer forger = SnapshotMessages.sealer(host, HostKeys.generate(), true); // enrol secret or not
        double before = refused(Topics.SNAPSHOTS, "key mismatch");

        HostSnapshot forged = snapshot(host, now(), 666);
        String reason = refusedReason(host, forged, forger);

        assertTrue(reason.contains("key mismatch"), reason);
        assertEquals(lastSeen, lastSeen(host), "the forged snapshot moved the host");
        await().untilAsserted(() -> assertEquals(before + 1, refused(Topics.SNAPSHOTS, "key mismatch")));
        given().get("/api/enrolments").then()
                .body("find { it.hostId == '" + host + "' }.status", equalTo("accepted"))
                .body("find { it.hostId == '" + host + "' }.fingerprint",
                        equalTo(SnapshotMessages.sealer(host).fingerprint()))
                .body("find { it.hostId == '" + host + "' }.pendingFingerprint", equalTo(forger.fingerprint()));
        SnapshotMessages.report(broker, snapshot(host, now(), 7)); // the genuine host still flows

        // a re-enrolment: once an admin accepts the waiting key, it is the host's, and the old one is refused
        decide(host, "accept", Map.of("fingerprint", forger.fingerprint())).statusCode(200)
                .body("fingerprint", equalTo(forger.fingerprint()));
        HostSnapshot rotated = snapshot(host, now(), 8);
        try (SnapshotMessages messages = new SnapshotMessages(broker)) {
            messages.sendWith(Topics.SNAPSHOTS, host, ProtocolJson.write(rotated), forger.headers(
                    ProtocolJson.write(rotated)));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> rotated.collectedAt().toString().equals(lastSeen(host)));
        assertTrue(refusedReason(host, snapshot(host, now(), 9), SnapshotMessages.sealer(host))
                .contains("key mismatch"));
    }

    @Test
    void aReplayedSnapshotAndAFutureDatedOneAreRefusedByTheClock() {
        String host = host("clock");
        SnapshotMessages.register(broker, host, Map.of());
        String lastSeen = lastSeen(host);
        double before = refused(Topics.SNAPSHOTS, "clock");

        String replayed = refusedReason(host, snapshot(host, now().minus(Duration.ofHours(1)), 5),
                SnapshotMessages.sealer(host));
        String future = refusedReason(host, snapshot(host, Instant.parse("2099-01-01T00:00:00Z"), 5),
                SnapshotMessages.sealer(host));

        assertTrue(replayed.contains("clock"), replayed);
        assertTrue(future.contains("clock"), future);
        assertEquals(lastSeen, lastSeen(host), "a refused snapshot moved the host");
        await().untilAsserted(() -> assertEquals(before + 2, refused(Topics.SNAPSHOTS, "clock")));
    }

    @Test
    void aRevokedHostsMessagesAreRefusedAndItIsNeverChosen() {
        String host = host("revoked");
        SnapshotMessages.register(broker, host, Map.of("env", "revoked-" + host));
        decide(host, "revoke", Map.of("reason", "decommissioned")).statusCode(200)
                .body("status", equalTo("revoked")).body("decidedBy", equalTo("bootstrap"));
        String lastSeen = lastSeen(host);

        String reason = refusedReason(host, snapshot(host, now(), 3), SnapshotMessages.sealer(host));

        assertTrue(reason.contains("revoked"), reason);
        assertEquals(lastSeen, lastSeen(host));
        given().get("/api/hosts/{id}", host).then().body("enrolment", equalTo("revoked"));
        select(Map.of("labels", "env=revoked-" + host)).statusCode(200).body("count", equalTo(0));
        select(Map.of("hosts", List.of(host))).statusCode(400).body("field", equalTo("hosts[0]"));
        given().contentType(ContentType.JSON).body(Map.of("action", "rollback", "hosts", List.of(host)))
                .post("/api/commands").then().statusCode(400).body("field", equalTo("hosts[0]"));
    }

    @Test
    void aHostWithoutTheEnrolSecretWaitsUntilAnAdminAcceptsItThenFlows() {
        String host = host("pending");
        HostSealer sealer = SnapshotMessages.sealer(host, HostKeys.generate(), false);
        double before = refused(Topics.SNAPSHOTS, "pending");

        String reason = refusedReason(host, snapshot(host, now(), 1), sealer);

        assertTrue(reason.contains("pending"), reason);
        given().get("/api/hosts/{id}", host).then().statusCode(404);
        given().get("/api/enrolments?status=pending").then().statusCode(200)
                .body("hostId", hasItem(host))
                .body("find { it.hostId == '" + host + "' }.fingerprint", equalTo(sealer.fingerprint()))
                .body("find { it.hostId == '" + host + "' }.hostname", equalTo(host + ".example"))
                .body("find { it.hostId == '" + host + "' }.labels.zone", equalTo("pending"));
        await().untilAsserted(() -> assertEquals(before + 1, refused(Topics.SNAPSHOTS, "pending")));
        decide(host, "accept", Map.of("fingerprint", "0123456789abcdef")).statusCode(409);

        decide(host, "accept", Map.of("fingerprint", sealer.fingerprint())).statusCode(200)
                .body("status", equalTo("accepted"));
        HostSnapshot accepted = snapshot(host, now(), 2);
        try (SnapshotMessages messages = new SnapshotMessages(broker)) {
            byte[] value = ProtocolJson.write(accepted);
            messages.sendWith(Topics.SNAPSHOTS, host, value, sealer.headers(value));
        }
        // a 404 until it is stored: the host is registered by its first stored snapshot
        await().atMost(Duration.ofSeconds(60)).until(() -> accepted.collectedAt().toString().equals(
                given().get("/api/hosts/{id}", host).then().extract().path("lastSeen")));
        given().get("/api/enrolments?status=pending").then().body("hostId", not(hasItem(host)));
    }

    /** Sends {@code snapshot} sealed by {@code sealer} and answers the reason it was dead-lettered with. */
    private String refusedReason(String host, HostSnapshot snapshot, HostSealer sealer) {
        byte[] value = ProtocolJson.write(snapshot);
        try (SnapshotMessages messages = new SnapshotMessages(broker)) {
            messages.sendWith(Topics.SNAPSHOTS, host, value, sealer.headers(value));
        }
        ConsumerRecord<String, byte[]> dead = TopicRecords.awaitFirst(broker.bootstrapServers(), Topics.DEAD_LETTERS,
                record -> host.equals(record.key()) && Arrays.equals(value, record.value()));
        return new String(dead.headers().lastHeader(Topics.DEAD_LETTER_REASON).value(), StandardCharsets.UTF_8);
    }

    private static io.restassured.response.ValidatableResponse decide(String host, String decision,
            Map<String, String> body) {
        return given().contentType(ContentType.JSON).body(body)
                .post("/api/enrolments/{hostId}/" + decision, host).then().contentType(ContentType.JSON);
    }

    private static io.restassured.response.ValidatableResponse select(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/hosts/select").then();
    }

    private static String lastSeen(String host) {
        return given().get("/api/hosts/{id}", host).then().statusCode(200).extract().path("lastSeen");
    }

    private double refused(String topic, String reason) {
        Counter counter = registry.find("tcpfleet.messages.refused").tags("topic", topic, "reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private static HostSnapshot snapshot(String host, Instant at, int established) {
        return SnapshotMessages.snapshot(host, at, Map.of("zone", "pending"), established);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static String host(String kind) {
        return "identity-" + kind + "-" + UUID.randomUUID();
    }
}
