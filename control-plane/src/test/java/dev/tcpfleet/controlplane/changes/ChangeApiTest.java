package dev.tcpfleet.controlplane.changes;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.controlplane.SnapshotMessages;
import dev.tcpfleet.domain.changes.ApplyEffect;
import dev.tcpfleet.domain.metrics.SnapshotMetric;
import dev.tcpfleet.domain.profiles.BuiltInProfiles;
import dev.tcpfleet.protocol.TuningOutcome;
import dev.tcpfleet.protocol.TuningResult;
import dev.tcpfleet.testing.KafkaBrokerProcess;
import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Applies measured on the snapshots around them and change events listed, through the real broker and PostgreSQL;
 * the %test effect window is 3 s.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class ChangeApiTest {
    @Inject
    ApplyEffects effects;

    KafkaBrokerProcess broker;

    @Test
    void anAppliedApplyIsMeasuredOnTheSnapshotsAroundItAndListedWithTheOtherChanges() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> labels = Map.of("changes", tag);
        String host = "chg-" + tag;
        String silent = "chg-silent-" + tag;
        Instant start = Instant.now().truncatedTo(ChronoUnit.MICROS);
        try (SnapshotMessages messages = new SnapshotMessages(broker)) {
            messages.send(SnapshotMessages.snapshot(host, start.minusSeconds(30), labels, 7));
            messages.send(SnapshotMessages.snapshot(silent, start.minusSeconds(20), labels, 50));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(
                () -> given().get("/api/hosts/{id}", silent).then().statusCode(200));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(
                () -> given().get("/api/hosts/{id}", host).then().statusCode(200));

        ValidatableResponse applied = post(Map.of("action", "apply", "hosts", List.of(host, silent),
                "profile", BuiltInProfiles.PROD)).statusCode(202);
        String apply = applied.extract().path("id");
        String sentAt = applied.extract().path("createdAt");
        Instant sent = Instant.parse(sentAt);
        Instant answered = sent.plusSeconds(2);
        try (SnapshotMessages messages = new SnapshotMessages(broker)) {
            messages.send(SnapshotMessages.snapshot(host, sent.minusSeconds(1), labels, 100)); // the baseline
            messages.send(SnapshotMessages.snapshot(host, sent.plusSeconds(1), labels, 7777)); // before the answer
            messages.send(SnapshotMessages.snapshot(host, answered.plusMillis(500), labels, 200));
            messages.send(SnapshotMessages.snapshot(host, answered.plusMillis(1500), labels, 400));
            messages.send(SnapshotMessages.snapshot(host, answered.plusSeconds(4), labels, 9999)); // past the window
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given()
                .queryParam("from", start.minusSeconds(60).toString())
                .queryParam("to", answered.plusSeconds(60).toString())
                .get("/api/hosts/{id}/snapshots", host).then().statusCode(200).body("size()", equalTo(6)));
        // nothing is measured before the host answers, and the answer comes after all its snapshots
        assertEquals(Optional.empty(), effects.effectOf(apply, host));

        String dryRun = post(Map.of("action", "apply", "hosts", List.of(host), "profile", BuiltInProfiles.PROD,
                "dryRun", true)).statusCode(202).extract().path("id");
        String rollback = post(Map.of("action", "rollback", "hosts", List.of(host), "rollbackOf", apply))
                .statusCode(202).extract().path("id");
        String campaign = given().contentType(ContentType.JSON).body(Map.of("selector", Map.of("hosts", List.of(host)),
                "target", "127.0.0.1:9", "kind", "connect_load", "connections", 5, "concurrency", 5, "rate", 50,
                "durationSeconds", 5)).post("/api/campaigns").then().statusCode(202).extract().path("id");

        try (SnapshotMessages messages = new SnapshotMessages(broker)) {
            for (String answering : List.of(host, silent)) {
                String commandId = given().get("/api/commands/{id}", apply).then()
                        .extract().path("hosts.find { it.hostId == '" + answering + "' }.commandId");
                messages.sendResult(new TuningResult(commandId, answering, TuningOutcome.APPLIED, List.of(), null,
                        List.of(), List.of(), answered, null));
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> effects.effectOf(apply, host).isPresent()
                && effects.effectOf(apply, silent).isPresent());

        ApplyEffect effect = effects.effectOf(apply, host).orElseThrow();
        assertEquals(sent.minusSeconds(1), effect.baselineAt());
        assertEquals(2, effect.snapshotsAfter());
        assertEquals(new ApplyEffect.Figure(100, 300, 2), effect.figures().get(SnapshotMetric.ESTABLISHED));
        assertEquals(new ApplyEffect.Figure(102, 302, 2), effect.figures().get(SnapshotMetric.SOCKETS));
        assertEquals(new ApplyEffect.Figure(0, 0, 2), effect.figures().get(SnapshotMetric.TIME_WAIT));
        assertTrue(effect.figure(SnapshotMetric.RETRANSMITS_PER_S).isEmpty(), "the snapshots carry no rates");
        ApplyEffect none = effects.effectOf(apply, silent).orElseThrow();
        assertEquals(0, none.snapshotsAfter(), "a host silent after the apply is recorded as such, not retried");
        assertEquals(Map.of(), none.figures());
        assertEquals(start.minusSeconds(20), none.baselineAt());
        assertEquals(Optional.empty(), effects.effectOf(dryRun, host));

        String from = start.minusSeconds(60).toString();
        String to = answered.plusSeconds(60).toString();
        for (ValidatableResponse changes : List.of(
                given().queryParam("host", host).queryParam("from", from).queryParam("to", to).get("/api/changes")
                        .then(),
                given().queryParam("labels", "changes=" + tag).queryParam("from", from).queryParam("to", to)
                        .get("/api/changes").then().body("findAll { it.hostId == '" + silent + "' }.type",
                                equalTo(List.of("apply"))))) {
            changes.statusCode(200)
                    .body("findAll { it.hostId == '" + host + "' }.type",
                            equalTo(List.of("apply", "rollback", "campaign")))
                    .body("findAll { it.hostId == '" + host + "' }.id", equalTo(List.of(apply, rollback, campaign)));
        }
        given().queryParam("host", host).queryParam("from", from).queryParam("to", to).get("/api/changes").then()
                .body("[0].at", equalTo(sentAt))
                .body("[0].profile", equalTo(BuiltInProfiles.PROD))
                .body("[0].version", equalTo(1))
                .body("[0].outcome", equalTo("APPLIED"))
                .body("[0].effect.snapshotsAfter", equalTo(2))
                .body("[0].effect.metrics.established.before", equalTo(100f))
                .body("[0].effect.metrics.established.after", equalTo(300f))
                .body("[0].effect.metrics.established.samples", equalTo(2))
                .body("[1].outcome", equalTo(null))
                .body("[2].kind", equalTo("connect_load"))
                .body("[2].until", org.hamcrest.Matchers.notNullValue());
        given().queryParam("host", host).queryParam("from", from).queryParam("to", to).queryParam("limit", "1")
                .get("/api/changes").then().statusCode(200).body("type", equalTo(List.of("apply")));

        given().queryParam("from", from).queryParam("to", to).queryParam("bucket", "raw")
                .get("/api/hosts/{id}/trends/established", host).then().statusCode(200)
                .body("points.max", equalTo(List.of(7f, 100f, 7777f, 200f, 400f, 9999f)))
                .body("events.type", equalTo(List.of("apply", "rollback", "campaign")))
                .body("events[0].effect.metrics.established.after", equalTo(300f));
    }

    @Test
    void badChangeRequestsAreClear400sAndAnUnknownHostA404() {
        given().queryParam("host", "h").queryParam("labels", "a=b").get("/api/changes").then().statusCode(400)
                .body("field", equalTo("labels"));
        given().queryParam("from", "2026-11-25T10:00:00Z").queryParam("to", "2026-11-25T09:00:00Z")
                .get("/api/changes").then().statusCode(400).body("field", equalTo("from"));
        given().queryParam("to", "yesterday").get("/api/changes").then().statusCode(400).body("field", equalTo("to"));
        given().queryParam("limit", "0").get("/api/changes").then().statusCode(400).body("field", equalTo("limit"));
        given().queryParam("labels", "changes").get("/api/changes").then().statusCode(400)
                .body("field", equalTo("labels"));
        given().queryParam("host", "no-such-host").get("/api/changes").then().statusCode(404);
        given().get("/api/changes").then().statusCode(200);
    }

    private static ValidatableResponse post(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/commands").then();
    }
}
