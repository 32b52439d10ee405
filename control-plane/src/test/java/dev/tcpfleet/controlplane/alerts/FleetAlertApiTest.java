package dev.tcpfleet.controlplane.alerts;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

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

/** Fleet rules and their API, judged on snapshots through the real broker, stored in the real PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class FleetAlertApiTest {
    private static final Duration JUDGED = Duration.ofSeconds(30);

    KafkaBrokerProcess broker;

    @Inject
    EntityManager em;

    /** Sends the host's snapshot and waits until it is stored, with its figures: fleet rules are judged after. */
    private void report(String host, Instant at, String env, int established) {
        SnapshotMessages.report(broker, SnapshotMessages.snapshot(host, at, Map.of("env", env), established));
    }

    /** Waits until the fleet rules' judge, which runs apart from ingest, has judged the rule on {@code sum}. */
    private static void awaitFleetAlert(String rule, String status, float sum) {
        await().atMost(JUDGED).untilAsserted(() -> given().queryParam("status", status).get("/api/alerts").then()
                .statusCode(200)
                .body("find { it.rule == '" + rule + "' }.lastValue", equalTo(sum))
                .body("find { it.rule == '" + rule + "' }.subject", equalTo("fleet")));
    }

    /** Waits until the rule was judged healthy on {@code sum}: stored as ok, so listed under no status. */
    private void awaitHealthy(String rule, double sum) {
        await().atMost(JUDGED).until(() -> QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "SELECT status || ' ' || last_value FROM alerts WHERE rule = ?1 AND subject = 'fleet'")
                .setParameter(1, rule).getResultList()), equalTo(List.of("OK " + (long) sum)));
        given().get("/api/alerts").then().body("findAll { it.rule == '" + rule + "' }.size()", equalTo(0));
    }

    @Test
    void aFleetSumFiresExactlyAfterItsDurationAboveTheThresholdAndResolvesOnlyPastTheClearThreshold() {
        String env = "fleet-" + UUID.randomUUID().toString().substring(0, 8);
        String rule = "connections-" + env;
        given().contentType("application/json").body(Map.of("scope", "fleet", "aggregate", "sum",
                        "metric", "established", "comparison", "above", "threshold", 100, "clearThreshold", 80,
                        "forSeconds", 60, "severity", "critical", "labels", "env=" + env))
                .put("/api/alerts/rules/{name}", rule).then().statusCode(201)
                .body("scope", equalTo("fleet")).body("aggregate", equalTo("sum"));
        String a = env + "-a";
        String b = env + "-b";
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(10));

        report(a, t0, env, 59);
        report(b, t0.plusSeconds(1), env, 41);
        awaitHealthy(rule, 100); // at the threshold, not above it
        // neither may count: one is stale (silent for over tcpfleet.hosts.stale-after, 2m), one is not selected
        report(env + "-stale", t0.minusSeconds(200), env, 1_000);
        report(env + "-elsewhere", t0.plusSeconds(2), "elsewhere", 1_000);

        report(a, t0.plusSeconds(2), env, 60);
        awaitFleetAlert(rule, "pending", 101);
        report(b, t0.plusSeconds(61), env, 42);
        awaitFleetAlert(rule, "pending", 102); // 59 s of breach
        report(a, t0.plusSeconds(62), env, 61);
        awaitFleetAlert(rule, "firing", 103);
        report(b, t0.plusSeconds(70), env, 20);
        awaitFleetAlert(rule, "firing", 81); // below 100 but not yet at 80: no flapping
        report(a, t0.plusSeconds(80), env, 60);
        awaitFleetAlert(rule, "resolved", 80);

        given().queryParam("limit", 1000).get("/api/alerts/events").then()
                .body("find { it.event.rule == '" + rule + "' && it.event.to == 'FIRING' }.event.subject",
                        equalTo("fleet"))
                .body("find { it.event.rule == '" + rule + "' && it.event.to == 'FIRING' }.event.hostId",
                        nullValue())
                .body("find { it.event.rule == '" + rule + "' && it.event.to == 'FIRING' }.event.value",
                        equalTo(103f));
        given().get("/api/alerts").then().body("find { it.rule == '" + rule + "' }.hostId", nullValue());
    }

    @Test
    void aFleetAlertIsSilencedOnlyBySilencesForEveryHost() {
        String env = "silent-" + UUID.randomUUID().toString().substring(0, 8);
        String rule = "max-" + env;
        given().contentType("application/json").body(Map.of("scope", "fleet", "aggregate", "max",
                        "metric", "established", "comparison", "above", "threshold", 10, "severity", "info",
                        "labels", "env=" + env))
                .put("/api/alerts/rules/{name}", rule).then().statusCode(201);
        given().contentType("application/json").body(Map.of("rule", rule, "hostId", env, "minutes", 5,
                "reason", "x")).post("/api/alerts/silences").then().statusCode(400).body("field", equalTo("hostId"));
        long silence = ((Number) given().contentType("application/json").body(Map.of("rule", rule, "minutes", 5,
                "reason", "load test")).post("/api/alerts/silences").then().statusCode(201).extract().path("id"))
                .longValue();

        report(env + "-a", Instant.now().truncatedTo(ChronoUnit.SECONDS), env, 11);

        await().atMost(JUDGED).untilAsserted(() -> given().queryParam("status", "firing").get("/api/alerts").then()
                .body("find { it.rule == '" + rule + "' }.silencedBy", equalTo((int) silence)));
    }

    @Test
    void rulesOfEachScopeAreCheckedAndBadCombinationsAre400sNamingTheField() {
        given().get("/api/alerts/rules").then().statusCode(200)
                .body("find { it.name == 'campaign-error-rate' }.scope", equalTo("campaign"))
                .body("find { it.name == 'campaign-error-rate' }.metric", equalTo("campaign_error_rate"))
                .body("find { it.name == 'campaign-error-rate' }.threshold", equalTo(0.05f))
                .body("find { it.name == 'time-wait-high' }.scope", equalTo("host"))
                .body("find { it.name == 'time-wait-high' }.aggregate", nullValue());

        rejected(Map.of("scope", "galaxy"), "scope");
        rejected(Map.of("scope", "fleet", "aggregate", "median"), "aggregate");
        rejected(Map.of("scope", "fleet"), "aggregate");
        rejected(Map.of("aggregate", "sum"), "aggregate");
        rejected(Map.of("metric", "campaign_error_rate", "threshold", 0.05), "metric");
        rejected(Map.of("scope", "fleet", "aggregate", "sum", "metric", "campaign_error_rate"), "metric");
        rejected(Map.of("scope", "campaign"), "metric");
        rejected(Map.of("scope", "campaign", "metric", "campaign_error_rate", "threshold", 0.1, "aggregate", "max"),
                "aggregate");
        rejected(Map.of("scope", "campaign", "metric", "campaign_error_rate", "threshold", 0.1, "forSeconds", 60),
                "forSeconds");
        rejected(Map.of("scope", "campaign", "metric", "campaign_error_rate", "threshold", 0.1, "labels", "a=b"),
                "labels");

        given().contentType("application/json").body(Map.of("scope", "campaign", "metric", "campaign_error_rate",
                        "comparison", "above", "threshold", 0.2, "severity", "critical"))
                .put("/api/alerts/rules/{name}", "campaign-errors-severe").then().statusCode(201)
                .body("scope", equalTo("campaign")).body("aggregate", nullValue());
        given().delete("/api/alerts/rules/{name}", "campaign-errors-severe").then().statusCode(204);
    }

    /** A rule of {@code overrides} over a valid host rule is refused with a 400 naming {@code field}. */
    private static void rejected(Map<String, Object> overrides, String field) {
        Map<String, Object> body = new HashMap<>(Map.of("metric", "established", "comparison", "above",
                "threshold", 10, "severity", "info"));
        body.putAll(overrides);
        given().contentType("application/json").body(body).put("/api/alerts/rules/{name}", "bad-combination").then()
                .statusCode(400).body("field", equalTo(field));
    }
}
