package dev.tcpfleet.controlplane.hosts;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.tcpfleet.controlplane.SnapshotMessages;
import dev.tcpfleet.testing.KafkaBrokerProcess;
import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class HostApiTest {
    KafkaBrokerProcess broker;
    String host;

    @BeforeEach
    void aHostHasReported() {
        host = "api-" + UUID.randomUUID();
        SnapshotMessages.register(broker, host, Map.of("role", "api"));
    }

    @Test
    void listsRegisteredHosts() {
        given().get("/api/hosts").then().statusCode(200).contentType(ContentType.JSON)
                .body("id", hasItem(host))
                .body("find { it.id == '" + host + "' }.labels.role", equalTo("api"))
                .body("find { it.id == '" + host + "' }.agentVersion", equalTo("0.1.0-test"));
    }

    @Test
    void aPageOfHostsCarriesTheCountTheOrderAndTheFigureSortedBy() {
        given().queryParam("q", host).queryParam("sort", "established").get("/api/hosts-page").then()
                .statusCode(200).contentType(ContentType.JSON)
                .body("total", equalTo(1)).body("stale", equalTo(0))
                .body("offset", equalTo(0)).body("limit", equalTo(50))
                .body("sort", equalTo("established")).body("order", equalTo("desc"))
                .body("hosts[0].id", equalTo(host)).body("hosts[0].labels.role", equalTo("api"))
                .body("hosts[0].stale", equalTo(false));
    }

    @Test
    void aSelectorIsPreviewedWithTheStaleHostsItLeavesOut() {
        String env = "env-" + UUID.randomUUID();
        String fresh = "fresh-" + UUID.randomUUID();
        String stale = "stale-" + UUID.randomUUID();
        SnapshotMessages.register(broker, fresh, Map.of("env", env));
        try (SnapshotMessages messages = new SnapshotMessages(broker)) {
            messages.send(SnapshotMessages.snapshot(stale, Instant.now().minus(Duration.ofHours(1)),
                    Map.of("env", env), 1));
        }
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> given().get("/api/hosts/{id}", stale).then().statusCode(200));

        select(Map.of("labels", "env=" + env)).statusCode(200)
                .body("count", equalTo(1)).body("hosts.id", equalTo(List.of(fresh)))
                .body("stale", equalTo(List.of(stale)));
        select(Map.of("labels", "env=" + env, "includeStale", true)).statusCode(200).body("count", equalTo(2));
        select(Map.of("hosts", List.of(fresh, "never-seen"))).statusCode(200)
                .body("count", equalTo(1)).body("unknown", equalTo(List.of("never-seen")));
        given().get("/api/hosts/{id}", stale).then().body("stale", equalTo(true));
        given().get("/api/hosts/{id}", fresh).then().body("stale", equalTo(false));

        select(Map.of("labels", "env")).statusCode(400).body("field", equalTo("labels"));
        select(Map.of()).statusCode(400).body("field", equalTo("selector"));
        given().contentType(ContentType.JSON).post("/api/hosts/select").then().statusCode(400)
                .body("field", equalTo("selector"));
    }

    private static ValidatableResponse select(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/hosts/select").then()
                .contentType(ContentType.JSON);
    }

    @Test
    void anUnknownHostIsA404WithAJsonReason() {
        given().get("/api/hosts/{id}", "no-such-host").then().statusCode(404).contentType(ContentType.JSON)
                .body("error", equalTo("not_found"))
                .body("detail", containsString("no-such-host"));
        given().get("/api/hosts/{id}/snapshots", "no-such-host").then().statusCode(404).body("error", equalTo("not_found"));
        given().get("/api/hosts/{id}/snapshots/latest", "no-such-host").then().statusCode(404);
    }

    @Test
    void badQueryParametersAre400sThatNameTheParameter() {
        expect400("from", Map.of("from", "yesterday"), "ISO-8601");
        expect400("to", Map.of("to", "2026-13-45T99:00:00Z"), "ISO-8601");
        expect400("from", Map.of("from", "2026-11-25T10:00:00Z", "to", "2026-11-25T09:00:00Z"), "after");
        expect400("from", Map.of("from", "2020-01-01T00:00:00Z", "to", "2026-01-01T00:00:00Z"), "longer than");
        expect400("limit", Map.of("limit", "0"), "between 1 and");
        expect400("limit", Map.of("limit", "100000"), "between 1 and");
        expect400("limit", Map.of("limit", "ten"), "whole number");
        expect400("limit", Map.of("limit", "9".repeat(400)), "whole number");
    }

    @Test
    void unknownRoutesAndMethodsAnswerInJsonToo() {
        given().get("/api/nothing-here").then().statusCode(404).contentType(ContentType.JSON)
                .body("error", equalTo("not_found"));
        given().delete("/api/hosts/{id}", host).then().statusCode(405).contentType(ContentType.JSON)
                .body("error", equalTo("method_not_allowed"));
    }

    @Test
    void healthIncludesKafkaAndTheDatabase() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"))
                .body("checks.name", hasItem("SmallRye Reactive Messaging - readiness check"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void prometheusMetricsCountStoredSnapshots() {
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("tcpfleet_snapshots_stored_total"))
                .body(not(containsString("tcpfleet_snapshots_stored_total 0.0")));
    }

    private void expect400(String field, Map<String, String> params, String words) {
        given().queryParams(params).get("/api/hosts/{id}/snapshots", host).then().statusCode(400)
                .contentType(ContentType.JSON)
                .body("error", equalTo("invalid_request"))
                .body("field", equalTo(field))
                .body("detail", containsString(words));
    }
}
