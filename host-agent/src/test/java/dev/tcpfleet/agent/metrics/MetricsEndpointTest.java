package dev.tcpfleet.agent.metrics;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.protocol.KafkaClientMeters;
import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.Promtool;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The agent's /q/metrics as a scraper sees it: the text format by default, and nothing promtool objects to. */
@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerTestResource.class, restrictToAnnotatedClass = true)
class MetricsEndpointTest {
    @TestHTTPResource("/q/metrics")
    URI metrics;

    @Test
    void aScrapeWithoutAnAcceptHeaderIsPrometheusTextAndOpenMetricsOnlyWhenAskedFor() throws Exception {
        // java.net.http sends no Accept header unless told to
        HttpResponse<String> none = HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, none.statusCode());
        assertTrue(none.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain; version=0.0.4"),
                none.headers().toString());
        // Quarkus's route produces OpenMetrics with these parameters, and matches an Accept header on them
        given().accept("application/openmetrics-text; version=1.0.0; charset=utf-8").get(metrics).then().statusCode(200)
                .header("Content-Type", org.hamcrest.Matchers.startsWith("application/openmetrics-text"));
    }

    @Test
    void theAgentsFamiliesLintCleanOnceASnapshotIsPublished() {
        // the test profile collects every second; the first acknowledged snapshot fills the size summary
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !scrape().contains("tcpfleet_agent_snapshot_bytes_count 0.0"));
        String scrape = scrape();
        assertEquals(List.of(), Promtool.tcpfleetProblems(scrape), "promtool check metrics on tcpfleet_* (all it"
                + " said: " + Promtool.checkMetrics(scrape) + ")");
        for (String family : List.of("tcpfleet_agent_collection_seconds", "tcpfleet_agent_snapshot_bytes",
                "tcpfleet_agent_snapshots_buffered", "tcpfleet_agent_snapshots_dropped_total",
                "tcpfleet_agent_snapshots_collected_total", "tcpfleet_agent_confirm_deadlines_pending")) {
            assertTrue(scrape.contains("# TYPE " + family + " "), family + " is missing");
        }
        assertTrue(scrape.contains("# TYPE tcpfleet_agent_collection_seconds histogram"), "buckets, not a summary");
        assertTrue(scrape.contains("tcpfleet_agent_collection_seconds_bucket{le=\"0.01\""), "a 10 ms bucket");
        Arrays.stream(scrape.split("\n")).filter(line -> line.startsWith("# HELP tcpfleet_"))
                .forEach(line -> assertTrue(line.split(" ", 4).length == 4 && !line.split(" ", 4)[3].isBlank(),
                        line));
        Arrays.stream(scrape.split("\n")).filter(line -> line.startsWith("# TYPE kafka_"))
                .map(line -> line.split(" ")[2])
                .forEach(name -> assertTrue(KafkaClientMeters.exported(name.replace('_', '.')), name));
    }

    private String scrape() {
        return given().get(metrics).then().statusCode(200).extract().asString();
    }
}
