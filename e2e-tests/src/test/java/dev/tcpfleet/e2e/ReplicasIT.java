package dev.tcpfleet.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.protocol.commands.FleetCommand;
import dev.tcpfleet.protocol.commands.SignedCommand;
import dev.tcpfleet.protocol.commands.TuningCommand;
import dev.tcpfleet.testing.AppProcess;
import dev.tcpfleet.testing.TopicRecords;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Two control planes on one broker and one database: both ingest (one consumer group shares the partitions), one
 * does each work under a lease. The one driving a rollout is SIGKILLed while a wave bakes; the other takes the
 * lease once it expires and finishes the rollout, and no host is sent any command twice. A fleet rule is judged on
 * the whole fleet though each instance ingests half of it, and still after its judge is SIGKILLed.
 */
class ReplicasIT {
    private static final int HOSTS = 6;
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final Pattern STORED = Pattern.compile("(?m)^tcpfleet_snapshots_stored_total(?:\\{[^}]*})? (\\S+)$");

    @Test
    void aRolloutGoesOnWhenTheInstanceDrivingItIsKilled() throws Exception {
        Map<String, String> fast = Map.of("tcpfleet.leases.duration", "3s", "tcpfleet.rollouts.tick", "1s");
        try (SimulatedFleet fleet = SimulatedFleet.start(HOSTS, "rep-", Duration.ofSeconds(1),
                with(fast, "tcpfleet.leases.instance-id", "cp-a"))) {
            AppProcess second = fleet.startControlPlane("control-plane-b", with(fast, "tcpfleet.leases.instance-id", "cp-b"));
            Map<String, AppProcess> instances = Map.of("cp-a", fleet.controlPlane, "cp-b", second);
            await().atMost(WAIT).untilAsserted(() -> api(second).get("/api/hosts").then().body("size()", equalTo(HOSTS)));
            await().atMost(WAIT).until(() -> stored(fleet.controlPlane) > 0 && stored(second) > 0);

            api(second).body(Map.of("description", "replicas", "settings", Map.of("net.core.somaxconn", "8192")))
                    .put("/api/profiles/replicated").then().statusCode(201);
            String rollout = api(second).body(Map.of("profile", "replicated", "selector", Map.of("all", true),
                            "canary", 1, "percentages", List.of(50, 100), "bakeSeconds", 4))
                    .post("/api/rollouts").then().statusCode(201).extract().path("id");
            String driver = await().atMost(WAIT).until(() -> holder(fleet, "rollouts"), h -> h != null);
            String survivor = driver.equals("cp-a") ? "cp-b" : "cp-a";
            await().atMost(WAIT).untilAsserted(() -> api(instances.get(survivor)).get("/api/rollouts/{id}", rollout)
                    .then().body("waves[0].phase", equalTo("BAKING")));

            instances.get(driver).kill();

            await().atMost(WAIT).until(() -> survivor.equals(holder(fleet, "rollouts")));
            await().atMost(WAIT).untilAsserted(() -> api(instances.get(survivor)).get("/api/rollouts/{id}", rollout)
                    .then().body("state", equalTo("COMPLETED"))
                    .body("waves.hosts.flatten().findAll { it.state == 'applied' }.size()", equalTo(HOSTS)));
            for (int host = 0; host < HOSTS; host++) {
                assertEquals("8192", fleet.simulator.sysctls("rep-" + host).get("net.core.somaxconn"));
            }
            Map<String, Long> sent = TopicRecords.all(fleet.broker.bootstrapServers(), Topics.COMMANDS).stream()
                    .map(record -> record.key() + " " + command(record.value()).commandId())
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertEquals(HOSTS, sent.size(), "one apply per host: " + sent);
            sent.forEach((hostAndCommand, copies) -> assertEquals(1, copies, hostAndCommand + " was sent twice"));
        }
    }

    @Test
    void aFleetRuleSeesTheHostsOfBothInstancesAndOutlivesItsJudge() throws Exception {
        Map<String, String> fast = Map.of("tcpfleet.leases.duration", "3s", "tcpfleet.alerts.fleet-interval", "500ms");
        String rule = "fleet-connections";
        // no simulated hosts: every snapshot is of the hosts below, so each instance's count of stored ones is theirs
        try (SimulatedFleet fleet = SimulatedFleet.start(0, "unused-", Duration.ofSeconds(1),
                with(fast, "tcpfleet.leases.instance-id", "cp-a"));
             FixedHosts hosts = new FixedHosts(fleet.broker.bootstrapServers(), fleet.hostKeys, 1)) {
            AppProcess second = fleet.startControlPlane("control-plane-b", with(fast, "tcpfleet.leases.instance-id", "cp-b"));
            Map<String, AppProcess> instances = Map.of("cp-a", fleet.controlPlane, "cp-b", second);
            api(second).body(Map.of("scope", "fleet", "aggregate", "sum", "metric", "established", "comparison",
                    "above", "threshold", 75, "clearThreshold", 50, "severity", "critical", "labels",
                    "team=" + FixedHosts.TEAM)).put("/api/alerts/rules/{name}", rule).then().statusCode(201);
            // each instance ingests two of the four partitions: four of the eight hosts, 40 of the 80 connections once
            // they have 10 each
            await().atMost(WAIT).until(() -> stored(fleet.controlPlane) > 0 && stored(second) > 0);

            hosts.established.set(10);
            await().atMost(WAIT).until(() -> events(second, rule), e -> !e.isEmpty());
            String judge = holder(fleet, "fleet-rules");
            String survivor = judge.equals("cp-a") ? "cp-b" : "cp-a";
            assertEquals(List.of("FIRING 80.0"), events(second, rule), "judged once, on all eight hosts");

            instances.get(judge).kill();
            hosts.established.set(1); // the survivor's half alone brings the sum to 44 or less: past the clear threshold
            await().atMost(WAIT).until(() -> events(instances.get(survivor), rule).size() == 2);
            assertEquals(survivor, holder(fleet, "fleet-rules"));
            List<String> events = events(instances.get(survivor), rule);
            assertTrue(events.get(0).startsWith("RESOLVED "), "newest first: " + events);
            assertEquals("FIRING 80.0", events.get(1));
        }
    }

    /** The rule's events, newest first, as their status and value. */
    private static List<String> events(AppProcess controlPlane, String rule) {
        return api(controlPlane).queryParam("limit", 1000).get("/api/alerts/events").then().statusCode(200).extract()
                .path("findAll { it.event.rule == '" + rule + "' }.collect { it.event.to + ' ' + it.event.value }");
    }

    private static Map<String, String> with(Map<String, String> settings, String key, String value) {
        Map<String, String> all = new HashMap<>(settings);
        all.put(key, value);
        return all;
    }

    private static RequestSpecification api(AppProcess controlPlane) {
        return ControlPlaneApi.given(controlPlane.baseUrl()).contentType(ContentType.JSON);
    }

    private static String holder(SimulatedFleet fleet, String lease) throws SQLException {
        try (Connection connection = fleet.database.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT holder FROM leases WHERE name = '" + lease + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Snapshots this instance stored itself: both share the snapshot partitions through one consumer group. */
    private static double stored(AppProcess controlPlane) {
        String metrics = given().baseUri(controlPlane.baseUrl()).get("/q/metrics").then().statusCode(200)
                .extract().asString();
        Matcher matcher = STORED.matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    private static TuningCommand command(byte[] message) {
        try {
            SignedCommand signed = ProtocolJson.mapper().readValue(message, SignedCommand.class);
            FleetCommand command = ProtocolJson.mapper().readValue(Base64.getDecoder().decode(signed.payload()),
                    FleetCommand.class);
            assertTrue(command instanceof TuningCommand, "only tuning commands here: " + command);
            return (TuningCommand) command;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
