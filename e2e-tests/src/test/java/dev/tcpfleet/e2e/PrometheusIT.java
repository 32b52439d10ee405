package dev.tcpfleet.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.testing.PrometheusServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus (Debian's 2.42) scrapes a simulated fleet's control plane once a second, and its HTTP API answers
 * with the fleet's figures: every host reporting, an apply counted by outcome, ingest caught up.
 */
class PrometheusIT {
    private static final int HOSTS = 5;
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String JOB = "tcpfleet-control-plane";

    static SimulatedFleet fleet;
    static PrometheusServer prometheus;

    @BeforeAll
    static void start() {
        fleet = SimulatedFleet.start(HOSTS, "prom-", Duration.ofSeconds(1), Map.of("tcpfleet.metrics.refresh", "1s"));
        URI controlPlane = URI.create(fleet.baseUrl());
        prometheus = PrometheusServer.start(Map.of(JOB,
                List.of(controlPlane.getHost() + ":" + controlPlane.getPort())));
    }

    @AfterAll
    static void stop() {
        try {
            if (prometheus != null) {
                prometheus.close();
            }
        } finally {
            if (fleet != null) {
                fleet.close();
            }
        }
    }

    @Test
    void prometheusReadsTheFleetsFiguresFromTheControlPlane() {
        await().atMost(WAIT).untilAsserted(() -> assertEquals(1.0, value("up{job=\"" + JOB + "\"}"),
                "the scrape succeeds (prometheus parses /q/metrics)"));
        await().atMost(WAIT).untilAsserted(() -> {
            assertEquals(HOSTS, value("tcpfleet_hosts{state=\"reporting\"}"));
            assertEquals(0, value("tcpfleet_hosts{state=\"stale\"}"));
            assertEquals(0, value("tcpfleet_hosts{state=\"pending\"}"));
        });
        // offsets are committed every 5 s (the connector's auto.commit.interval.ms), so a fleet reporting every
        // second is "behind" by up to that long's snapshots even when every one is stored at once
        await().atMost(WAIT).untilAsserted(() -> {
            assertTrue(value("tcpfleet_snapshots_stored_total") >= HOSTS);
            assertTrue(value("tcpfleet_ingest_lag_records") <= HOSTS * 10, "records behind");
            assertTrue(value("tcpfleet_ingest_oldest_unstored_age_seconds") <= 15, "oldest unstored");
        });

        fleet.api().body(Map.of("description", "prometheus", "settings", Map.of("net.core.somaxconn", "8192")))
                .put("/api/profiles/prom-tuning").then().statusCode(201);
        String apply = fleet.api().body(Map.of("action", "apply", "selector", Map.of("all", true),
                "profile", "prom-tuning")).post("/api/commands").then().statusCode(202).extract().path("id");
        await().atMost(WAIT).untilAsserted(() -> fleet.api().get("/api/commands/{id}", apply).then()
                .body("hosts.findAll { it.outcome == 'APPLIED' }.size()", equalTo(HOSTS)));
        await().atMost(WAIT).untilAsserted(() -> assertEquals(HOSTS,
                value("tcpfleet_commands_total{action=\"apply\",outcome=\"applied\"}")));
        assertEquals(0, value("sum(tcpfleet_alert_delivery_failures_total)"));
        assertEquals(0, value("tcpfleet_campaigns_running"));
        assertTrue(value("count(kafka_consumer_fetch_manager_records_consumed_total)") > 0,
                "the Kafka clients' throughput is kept");
        assertEquals(0, value("count({__name__=~\"kafka_.*node.*\"}) or vector(0)"),
                "per-node Kafka series are not");
    }

    /** The value of {@code promql}'s one series now, from Prometheus's HTTP API; absent fails. */
    private static double value(String promql) {
        List<List<Object>> values = given().baseUri(prometheus.baseUrl()).queryParam("query", promql)
                .get("/api/v1/query").then().statusCode(200).body("status", equalTo("success"))
                .extract().path("data.result.value");
        assertEquals(1, values.size(), promql + " has one series: " + values);
        return Double.parseDouble((String) values.get(0).get(1));
    }
}
