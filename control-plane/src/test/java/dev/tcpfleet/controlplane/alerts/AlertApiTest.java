package dev.tcpfleet.controlplane.alerts;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcpfleet.controlplane.SnapshotMessages;
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
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Alerts judged on snapshots that arrive through the real broker, stored in the real PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class AlertApiTest {
    KafkaBrokerProcess broker;

    @Inject
    EntityManager em;

    /** Sends the host's snapshot with {@code established} connections and waits until it has been judged. */
    private void report(String host, Instant at, int established, String expectedStatus) {
        try (SnapshotMessages messages = new SnapshotMessages(broker)) {
            messages.send(SnapshotMessages.snapshot(host, at, Map.of(), established));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().queryParam("status", expectedStatus)
                .get("/api/alerts").then().statusCode(200)
                .body("find { it.hostId == '" + host + "' && it.rule == 'connections-high' }.lastValue",
                        equalTo((float) established)));
    }

    @Test
    void theOldScriptsConnectionWarningFiresAfterItsDurationAndResolvesPastItsClearThreshold() {
        String host = "alert-" + UUID.randomUUID();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(10));

        report(host, t0, 1_600, "pending");
        report(host, t0.plusSeconds(119), 1_700, "pending");
        report(host, t0.plusSeconds(120), 1_700, "firing");
        report(host, t0.plusSeconds(130), 1_400, "firing"); // below 1,500 but not past 1,350: no flapping
        report(host, t0.plusSeconds(140), 1_350, "resolved");

        given().get("/api/alerts").then().body("findAll { it.hostId == '" + host
                + "' && it.rule == 'connections-high' }.size()", equalTo(0));
    }

    /**
     * A healthy host's alert, and a resolved one that stays healthy, are not rewritten on every snapshot: the stored
     * row is the one its last change of status wrote.
     */
    @Test
    void aQuietAlertIsWrittenOnlyWhenItsStatusChanges() {
        String host = "quiet-" + UUID.randomUUID();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(10));

        SnapshotMessages.report(broker, SnapshotMessages.snapshot(host, t0, Map.of(), 100));
        assertEquals(List.of(), connectionsHighRow(host));

        report(host, t0.plusSeconds(10), 1_600, "pending");
        report(host, t0.plusSeconds(130), 1_700, "firing");
        report(host, t0.plusSeconds(140), 1_300, "resolved");
        SnapshotMessages.report(broker, SnapshotMessages.snapshot(host, t0.plusSeconds(150), Map.of(), 200));
        assertEquals(List.of("RESOLVED 1300 " + t0.plusSeconds(140).getEpochSecond()), connectionsHighRow(host));
    }

    /** A snapshot collected before one already stored for its host (a clock that went back) moves no alert. */
    @Test
    void aLateSnapshotIsNotJudgedEvenWhenTheAlertItWouldMoveIsQuiet() {
        String host = "late-" + UUID.randomUUID();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(10));

        SnapshotMessages.report(broker, SnapshotMessages.snapshot(host, t0.plusSeconds(100), Map.of(), 100));
        try (SnapshotMessages messages = new SnapshotMessages(broker)) {
            messages.send(SnapshotMessages.snapshot(host, t0.plusSeconds(50), Map.of(), 1_600));
        }
        // the same host's next snapshot comes after the late one on its partition: once it is stored, so is that
        SnapshotMessages.report(broker, SnapshotMessages.snapshot(host, t0.plusSeconds(110), Map.of(), 100));
        assertEquals(List.of(), connectionsHighRow(host));
    }

    private List<?> connectionsHighRow(String host) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("SELECT status || ' ' || last_value"
                        + " || ' ' || extract(epoch FROM evaluated_at)::bigint FROM alerts"
                        + " WHERE rule = 'connections-high' AND host_id = ?1")
                .setParameter(1, host).getResultList());
    }

    @Test
    void rulesAreListedAndABadStatusIsA400() {
        given().get("/api/alerts/rules").then().statusCode(200)
                .body("find { it.name == 'time-wait-high' }.threshold", equalTo(10_000f))
                .body("find { it.name == 'time-wait-high' }.metric", equalTo("time_wait"));
        given().queryParam("status", "ok").get("/api/alerts").then().statusCode(400).body("field", equalTo("status"));
    }

    @Test
    void silencesAreCheckedListedAndEnded() {
        String host = "silence-" + UUID.randomUUID();
        SnapshotMessages.register(broker, host, Map.of());
        Map<String, Object> good = Map.of("rule", "time-wait-high", "hostId", host, "minutes", 60, "reason", "deploy");
        long id = ((Number) given().contentType("application/json").body(good).post("/api/alerts/silences").then()
                .statusCode(201).body("rule", equalTo("time-wait-high")).body("warnings", empty())
                .extract().path("id")).longValue();
        given().get("/api/alerts/silences").then().body("id", hasItem((int) id));

        silenceRejected(Map.of("rule", "no-such-rule", "minutes", 60, "reason", "x"), "rule");
        silenceRejected(Map.of("hostId", host + "-typo", "minutes", 60, "reason", "x"), "hostId");
        silenceRejected(Map.of("hostId", "bad host", "minutes", 60, "reason", "x"), "hostId");
        silenceRejected(Map.of("minutes", 0, "reason", "x"), "minutes");
        silenceRejected(Map.of("minutes", 100_000, "reason", "x"), "minutes");
        silenceRejected(Map.of("minutes", 60), "reason");

        given().delete("/api/alerts/silences/{id}", id).then().statusCode(204);
        given().get("/api/alerts/silences").then().body("id", not(hasItem((int) id)));
        given().delete("/api/alerts/silences/{id}", id).then().statusCode(404);
        given().delete("/api/alerts/silences/{id}", "nope").then().statusCode(404);
    }

    @Test
    void aForcedSilenceForAHostNotYetKnownIsKeptWithAWarning() {
        String host = "silence-to-come-" + UUID.randomUUID();
        Map<String, Object> unknown = Map.of("hostId", host, "minutes", 60, "reason", "before it enrols");
        given().contentType("application/json").body(unknown).post("/api/alerts/silences").then().statusCode(400)
                .body("error", equalTo("invalid_request")).body("field", equalTo("hostId"))
                .body("detail", containsString("\"force\": true"));

        Map<String, Object> forced = new HashMap<>(unknown);
        forced.put("force", true);
        long id = ((Number) given().contentType("application/json").body(forced).post("/api/alerts/silences").then()
                .statusCode(201).body("hostId", equalTo(host))
                .body("warnings", contains("no host '" + host + "' yet: it applies once a host of that id reports"))
                .extract().path("id")).longValue();
        given().delete("/api/alerts/silences/{id}", id).then().statusCode(204);
    }

    private static void silenceRejected(Map<String, Object> body, String field) {
        given().contentType("application/json").body(body).post("/api/alerts/silences").then().statusCode(400)
                .body("field", equalTo(field));
    }

    @Test
    void aRuleMadeThroughTheApiJudgesOnlyTheHostsItsLabelsSelect() {
        String env = "e" + UUID.randomUUID().toString().substring(0, 8);
        String rule = "any-connection-" + env;
        given().contentType("application/json").body(Map.of("metric", "established", "comparison", "above",
                        "threshold", 0, "severity", "info", "labels", "env=" + env))
                .put("/api/alerts/rules/{name}", rule).then().statusCode(201).body("forSeconds", equalTo(0));
        String chosen = "chosen-" + UUID.randomUUID();
        String other = "other-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (SnapshotMessages messages = new SnapshotMessages(broker)) {
            messages.send(SnapshotMessages.snapshot(other, now, Map.of("env", "elsewhere"), 5));
            messages.send(SnapshotMessages.snapshot(chosen, now, Map.of("env", env), 5));
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().queryParam("status", "firing")
                .get("/api/alerts").then().body("find { it.rule == '" + rule + "' }.hostId", equalTo(chosen)));
        given().get("/api/alerts").then().body("findAll { it.rule == '" + rule + "' }.size()", equalTo(1));

        given().contentType("application/json").body(Map.of("metric", "cpu", "comparison", "above", "threshold", 1,
                "severity", "info")).put("/api/alerts/rules/{name}", rule).then().statusCode(400)
                .body("field", equalTo("metric"));
        given().contentType("application/json").body(Map.of("metric", "established", "comparison", "above",
                "threshold", 10, "clearThreshold", 20, "severity", "info")).put("/api/alerts/rules/{name}", rule)
                .then().statusCode(400).body("field", equalTo("clearThreshold"));
        given().contentType("application/json").body(Map.of("metric", "established", "comparison", "sideways",
                "threshold", 10, "severity", "info")).put("/api/alerts/rules/{name}", rule)
                .then().statusCode(400).body("field", equalTo("comparison"));
        given().contentType("application/json").body(Map.of("metric", "established", "comparison", "above",
                "threshold", 10, "severity", "info")).put("/api/alerts/rules/{name}", "Bad Name")
                .then().statusCode(400).body("field", equalTo("name"));
        given().delete("/api/alerts/rules/{name}", rule).then().statusCode(204);
        given().delete("/api/alerts/rules/{name}", rule).then().statusCode(404);
        given().get("/api/alerts").then().body("rule", not(hasItem(rule)));
    }

    @Test
    void aHostThatStopsReportingFiresHostStaleAndResolvesWhenItReportsAgain() {
        String host = "quiet-" + UUID.randomUUID();
        try (SnapshotMessages messages = new SnapshotMessages(broker)) {
            messages.send(SnapshotMessages.snapshot(host, Instant.now().minus(Duration.ofHours(1)), Map.of(), 1));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().queryParam("status", "firing")
                .get("/api/alerts").then().body("find { it.hostId == '" + host + "' }.rule", equalTo("host-stale")));

        try (SnapshotMessages messages = new SnapshotMessages(broker)) {
            messages.send(SnapshotMessages.snapshot(host, Instant.now(), Map.of(), 1));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().queryParam("status", "resolved")
                .get("/api/alerts").then().body("find { it.hostId == '" + host + "' }.rule", equalTo("host-stale")));
    }
}
