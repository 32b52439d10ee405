package dev.tcpfleet.controlplane.metrics;

import static dev.tcpfleet.testing.MetricsScrape.value;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.controlplane.SnapshotMessages;
import dev.tcpfleet.protocol.KafkaClientMeters;
import dev.tcpfleet.testing.KafkaBrokerProcess;
import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.PostgresTestResource;
import dev.tcpfleet.testing.Promtool;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** /q/metrics as a scraper and an operator see it: its format, promtool's verdict, and the fleet's figures. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class MetricsEndpointTest {
    static final String TEXT_FORMAT = "text/plain; version=0.0.4";

    KafkaBrokerProcess broker;

    @TestHTTPResource("/q/metrics")
    URI metrics;

    @Inject
    MeterRegistry registry;

    @Test
    void aScrapeWithoutAnAcceptHeaderIsPrometheusTextAndOpenMetricsOnlyWhenAskedFor() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        // java.net.http sends no Accept header unless told to
        HttpResponse<String> none = http.send(HttpRequest.newBuilder(metrics).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, none.statusCode());
        assertTrue(none.headers().firstValue("Content-Type").orElseThrow().startsWith(TEXT_FORMAT),
                none.headers().toString());
        given().accept("*/*").get(metrics).then().statusCode(200)
                .header("Content-Type", org.hamcrest.Matchers.startsWith(TEXT_FORMAT));
        // Quarkus's route produces OpenMetrics with these parameters, and matches an Accept header on them
        given().accept("application/openmetrics-text; version=1.0.0; charset=utf-8").get(metrics).then().statusCode(200)
                .header("Content-Type", org.hamcrest.Matchers.startsWith("application/openmetrics-text"));
    }

    @Test
    void promtoolFindsNothingWrongWithTcpfleetsFamilies() {
        SnapshotMessages.register(broker, "lint-" + UUID.randomUUID(), Map.of());
        String scrape = scrape();
        List<String> problems = Promtool.tcpfleetProblems(scrape);
        assertEquals(List.of(), problems, "promtool check metrics on tcpfleet_* (all it said: "
                + Promtool.checkMetrics(scrape) + ")");
        for (String family : List.of("tcpfleet_hosts", "tcpfleet_snapshots_stored_total",
                "tcpfleet_ingest_lag_records", "tcpfleet_ingest_oldest_unstored_age_seconds", "tcpfleet_rollouts", "tcpfleet_campaigns_running", "tcpfleet_leases_held",
                "tcpfleet_alert_delivery_failures_total")) {
            assertTrue(scrape.contains("# TYPE " + family + " "), family + " is missing");
        }
        for (String line : scrape.split("\n")) {
            if (line.startsWith("# HELP tcpfleet_")) {
                assertTrue(line.split(" ", 4).length == 4 && !line.split(" ", 4)[3].isBlank(), line);
            }
        }
    }

    @Test
    void onlyTheKafkaClientsThroughputLagAndErrorsAreExported() {
        List<String> kafka = Arrays.stream(scrape().split("\n")).filter(line -> line.startsWith("# TYPE kafka_"))
                .map(line -> line.split(" ")[2]).toList();
        assertTrue(kafka.contains("kafka_consumer_fetch_manager_records_consumed_total"), kafka.toString());
        // Kafka's own names have no underscores: Micrometer's dots became them
        kafka.forEach(name -> assertTrue(KafkaClientMeters.exported(name.replace('_', '.')), name));
    }

    @Test
    void hostsByStateAgreeWithTheHostList() {
        SnapshotMessages.register(broker, "fresh-" + UUID.randomUUID(), Map.of());
        String old = "old-" + UUID.randomUUID();
        try (SnapshotMessages messages = new SnapshotMessages(broker)) {
            messages.send(SnapshotMessages.snapshot(old, Instant.now().minus(Duration.ofHours(1)), Map.of(), 1));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/hosts/{id}", old).then()
                .statusCode(200));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<Map<String, Object>> hosts = given().get("/api/hosts").then().statusCode(200).extract()
                    .jsonPath().getList("$");
            List<Map<String, Object>> counted = hosts.stream()
                    .filter(host -> host.get("enrolment") == null || "accepted".equals(host.get("enrolment")))
                    .toList();
            int pending = given().queryParam("status", "pending").get("/api/enrolments").then().statusCode(200)
                    .extract().jsonPath().getList("$").size();
            String scrape = scrape();
            assertEquals(counted.stream().filter(host -> !(Boolean) host.get("stale")).count(),
                    value(scrape, "tcpfleet_hosts{state=\"reporting\"}"));
            assertEquals(counted.stream().filter(host -> (Boolean) host.get("stale")).count(),
                    value(scrape, "tcpfleet_hosts{state=\"stale\"}"));
            assertEquals(pending, value(scrape, "tcpfleet_hosts{state=\"pending\"}"));
        });
    }

    @Test
    void aFiringAlertIsCountedByRuleAndSeverity() {
        String env = "m" + UUID.randomUUID().toString().substring(0, 8);
        String rule = "metrics-" + env;
        given().contentType("application/json").body(Map.of("metric", "established", "comparison", "above",
                "threshold", 0, "severity", "critical", "labels", "env=" + env))
                .put("/api/alerts/rules/{name}", rule).then().statusCode(201);
        try {
            try (SnapshotMessages messages = new SnapshotMessages(broker)) {
                for (int i = 0; i < 2; i++) {
                    messages.send(SnapshotMessages.snapshot(env + "-" + i,
                            Instant.now().truncatedTo(ChronoUnit.MICROS), Map.of("env", env), 5));
                }
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertEquals(2,
                    value(scrape(), "tcpfleet_alerts_firing{rule=\"" + rule + "\",severity=\"critical\"}")));
        } finally {
            // a firing rule left behind would fire on every later test's hosts in this database
            given().delete("/api/alerts/rules/{name}", rule).then().statusCode(204);
        }
    }

    @Test
    void ingestCaughtUpLagsNothingAndAnUnreadableSnapshotIsCountedByReason() {
        double before = deadLettered("unreadable");
        try (SnapshotMessages messages = new SnapshotMessages(broker)) {
            messages.send("garbled-" + UUID.randomUUID(), "not a snapshot".getBytes(StandardCharsets.UTF_8));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> deadLettered("unreadable") == before + 1);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String scrape = scrape();
            assertEquals(0, value(scrape, "tcpfleet_ingest_lag_records"));
            assertEquals(0, value(scrape, "tcpfleet_ingest_oldest_unstored_age_seconds"));
        });
    }

    private double deadLettered(String reason) {
        Counter counter = registry.find("tcpfleet.snapshots.dead.lettered").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private String scrape() {
        return given().get(metrics).then().statusCode(200).extract().asString();
    }
}
