package dev.tcpfleet.controlplane.alerts.delivery;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpfleet.controlplane.SnapshotMessages;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.testing.KafkaBrokerProcess;
import dev.tcpfleet.testing.MetricsScrape;
import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Alerts reach a real Alertmanager (Debian's 0.25) and, through its route, a webhook receiver: labelled for routing,
 * resolved there when they resolve here, and firing there again after it restarted with its storage lost.
 */
@QuarkusTest
@TestProfile(AlertmanagerDeliveryTest.WithAlertmanager.class)
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class AlertmanagerDeliveryTest {
    static final RealAlertmanager ALERTMANAGER = new RealAlertmanager();
    static final String PUBLIC_URL = "https://tcpfleet.example.com";

    public static class WithAlertmanager implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tcpfleet.alerts.alertmanager.urls", ALERTMANAGER.url(),
                    "tcpfleet.alerts.alertmanager.resend", "2s",
                    "tcpfleet.public-url", PUBLIC_URL);
        }
    }

    KafkaBrokerProcess broker;

    @BeforeAll
    static void startAlertmanager() throws Exception {
        ALERTMANAGER.start();
    }

    @AfterAll
    static void stopAlertmanager() throws Exception {
        ALERTMANAGER.close();
    }

    /**
     * Two snapshots two minutes apart at {@code established}, ten minutes ago. By the microsecond: a report within
     * the same second as the one before it would repeat its times, and a snapshot's repeat is dropped as a duplicate.
     */
    private void report(String host, Map<String, String> labels, int established) {
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MICROS).minus(Duration.ofMinutes(10));
        try (SnapshotMessages messages = new SnapshotMessages(broker)) {
            messages.sendTogether(List.of(keyed(host, t0, labels, established),
                    keyed(host, t0.plusSeconds(120), labels, established)));
        }
    }

    private static SnapshotMessages.Keyed keyed(String host, Instant at, Map<String, String> labels, int established) {
        return new SnapshotMessages.Keyed(host, ProtocolJson.write(SnapshotMessages.snapshot(host, at, labels,
                established)));
    }

    private static List<JsonNode> held(String rule, String host) throws Exception {
        return ALERTMANAGER.alerts().stream().filter(a -> a.path("labels").path("alertname").asText().equals(rule)
                && a.path("labels").path("host").asText().equals(host)).toList();
    }

    private static List<String> notified(String rule, String host) {
        return ALERTMANAGER.notified.stream().filter(a -> a.path("labels").path("alertname").asText().equals(rule)
                && a.path("labels").path("host").asText().equals(host)).map(a -> a.path("status").asText()).toList();
    }

    @Test
    void aFiringAlertReachesAlertmanagerLabelledForRoutingAndResolvesThereWhenItResolves() throws Exception {
        String rule = "am-established-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType("application/json").body(Map.of("metric", "established", "comparison", "above",
                        "threshold", 1000, "clearThreshold", 500, "severity", "critical", "labels", "team=" + rule,
                        "runbook", "https://runbooks.example.com/established"))
                .put("/api/alerts/rules/{name}", rule).then().statusCode(201)
                .body("runbook", equalTo("https://runbooks.example.com/established"));
        String host = "am-" + UUID.randomUUID();
        // "severity" is tcpfleet's own label: the host's goes beside it, prefixed; "k8s.io/zone" is made a label name
        Map<String, String> hostLabels = Map.of("team", rule, "severity", "low", "k8s.io/zone", "b");
        report(host, hostLabels, 1_600);

        await().atMost(Duration.ofSeconds(60)).until(() -> held(rule, host).size() == 1);
        JsonNode alert = held(rule, host).get(0);
        JsonNode labels = alert.path("labels");
        assertEquals("critical", labels.path("severity").asText());
        assertEquals("low", labels.path("host_label_severity").asText());
        assertEquals(rule, labels.path("team").asText());
        assertEquals("b", labels.path("k8s_io_zone").asText());
        assertEquals(host + ".example", labels.path("hostname").asText());
        JsonNode annotations = alert.path("annotations");
        assertEquals("1600", annotations.path("value").asText());
        assertEquals("1000", annotations.path("threshold").asText());
        assertEquals("https://runbooks.example.com/established", annotations.path("runbook_url").asText());
        assertTrue(annotations.path("summary").asText().contains("above its threshold 1000"), annotations.toString());
        assertEquals(PUBLIC_URL + "/dashboard/host.html?id=" + host, alert.path("generatorURL").asText());
        assertEquals("active", alert.path("status").path("state").asText());
        await().atMost(Duration.ofSeconds(30)).until(() -> notified(rule, host).contains("firing"));

        report(host, hostLabels, 100); // below the clear threshold: resolved
        await().atMost(Duration.ofSeconds(60)).until(() -> held(rule, host).isEmpty());
        await().atMost(Duration.ofSeconds(30)).until(() -> notified(rule, host).contains("resolved"));
        given().get("/api/alerts/alertmanagers").then().statusCode(200)
                .body("[0].url", equalTo(ALERTMANAGER.url())).body("[0].failures", equalTo(0))
                .body("[0].lastOkAt", notNullValue());
    }

    @Test
    void aRestartedAlertmanagerThatLostItsStorageEndsUpWithEveryAlertFiringAgain() throws Exception {
        String rule = "am-restart-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType("application/json").body(Map.of("metric", "established", "comparison", "above",
                "threshold", 1000, "severity", "warning", "labels", "team=" + rule))
                .put("/api/alerts/rules/{name}", rule).then().statusCode(201);
        List<String> hosts = IntStream.range(0, 3).mapToObj(i -> "am-restart-" + i + "-" + UUID.randomUUID()).toList();
        hosts.forEach(host -> report(host, Map.of("team", rule), 1_600));
        await().atMost(Duration.ofSeconds(60)).until(() -> hosts.stream().allMatch(host -> {
            try {
                return held(rule, host).size() == 1;
            } catch (Exception e) {
                return false;
            }
        }));

        ALERTMANAGER.stop();
        // the failed posts show in the API and the metrics
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/alerts/alertmanagers").then()
                .body("[0].failures", greaterThan(0)).body("[0].lastError", notNullValue()));
        assertTrue(MetricsScrape.value(given().get("/q/metrics").asString(),
                "tcpfleet_alert_delivery_failures_total{target=\"alertmanager\"}") > 0);

        ALERTMANAGER.start(); // same port, empty storage
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Set<String> firingHere = given().queryParam("status", "firing").get("/api/alerts").then().extract()
                    .jsonPath().<Map<String, Object>>getList("").stream().filter(a -> a.get("hostId") != null)
                    .map(a -> a.get("rule") + " " + a.get("hostId")).collect(Collectors.toSet());
            Set<String> activeThere = ALERTMANAGER.alerts().stream().map(a -> a.path("labels"))
                    .filter(labels -> labels.hasNonNull("host"))
                    .map(labels -> labels.path("alertname").asText() + " " + labels.path("host").asText())
                    .collect(Collectors.toSet());
            assertTrue(hosts.stream().allMatch(host -> activeThere.contains(rule + " " + host)), activeThere::toString);
            assertTrue(activeThere.containsAll(firingHere),
                    () -> "firing here " + firingHere + ", there " + activeThere);
        });
        given().get("/api/alerts/alertmanagers").then().body("[0].failures", equalTo(0));
    }
}
