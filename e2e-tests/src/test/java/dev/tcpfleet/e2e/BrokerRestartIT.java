package dev.tcpfleet.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.protocol.commands.CommandSignatures;
import dev.tcpfleet.testing.AppProcess;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The broker stopped under a real agent and control plane, long enough for the agent's buffer to overflow, then
 * started again: every snapshot the agent collected is either stored once or counted as dropped, the dropped ones are
 * the oldest of the outage, and both apps carry on with the restarted broker (snapshots and a command round trip).
 */
class BrokerRestartIT {
    private static final String HOST = "buffering-host";
    private static final int CAPACITY = 5;
    private static final Pattern DROPPED = Pattern.compile("dropped the snapshot collected at (\\S+)");

    /** The agent's snapshot counters, as /q/metrics shows them. */
    private record AgentCounts(long collected, long published, long dropped, long buffered) {
        static AgentCounts read(AppProcess agent) {
            String metrics = given().baseUri(agent.baseUrl()).get("/q/metrics").then().statusCode(200).extract()
                    .asString();
            return new AgentCounts(value(metrics, "tcpfleet_agent_snapshots_collected_total"),
                    value(metrics, "tcpfleet_agent_snapshots_published_total"),
                    value(metrics, "tcpfleet_agent_snapshots_dropped_total"),
                    value(metrics, "tcpfleet_agent_snapshots_buffered"));
        }

        private static long value(String metrics, String name) {
            Matcher matcher = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? (\\S+)$").matcher(metrics);
            assertTrue(matcher.find(), "no " + name + " in the agent's /q/metrics");
            return (long) Double.parseDouble(matcher.group(1));
        }
    }

    @Test
    void snapshotsAreBufferedOldestDroppedFirstAndBothAppsCarryOnAfterTheRestart() throws Exception {
        try (TestFleet fleet = TestFleet.start(0, network -> Map.of());
             AppProcess agent = startAgent(fleet)) {
            agent.awaitReady(TestFleet.START);
            fleet.awaitHosts(1);
            await().atMost(Duration.ofSeconds(60)).until(() -> stored(fleet).size() >= 3);

            fleet.broker.stop();
            Instant stopped = Instant.now();
            // the buffer holds CAPACITY and drops the oldest beyond it
            await().atMost(Duration.ofSeconds(60)).until(() -> AgentCounts.read(agent).dropped() >= CAPACITY);
            fleet.broker.restart();
            Instant restarted = Instant.now();

            // settled: nothing unsent, every acknowledged snapshot stored, counters unchanged around the query
            List<Instant> stored = new ArrayList<>();
            AgentCounts[] settled = new AgentCounts[1];
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                AgentCounts before = AgentCounts.read(agent);
                List<Instant> rows = stored(fleet);
                AgentCounts after = AgentCounts.read(agent);
                assertEquals(before, after);
                assertEquals(0, after.buffered());
                assertEquals(after.published(), rows.size());
                assertTrue(rows.get(rows.size() - 1).isAfter(restarted), "nothing collected after the restart stored");
                stored.clear();
                stored.addAll(rows);
                settled[0] = after;
            });
            AgentCounts counts = settled[0];

            assertEquals(counts.collected(), stored.size() + counts.dropped(),
                    "every snapshot collected is stored or counted as dropped: " + counts);
            assertEquals(stored.size(), stored.stream().distinct().count(), "a snapshot stored twice");
            List<Instant> dropped = droppedPerLog(agent);
            assertEquals(counts.dropped(), dropped.size(), "the agent logs each snapshot it drops");
            assertFalse(stored.stream().anyMatch(dropped::contains), "a dropped snapshot was stored");
            // the oldest of the outage were dropped: of what it collected up to the last drop, only the one already
            // handed to the producer, which cannot be taken back, may have been delivered; all newer were kept
            Instant lastDropped = dropped.get(dropped.size() - 1);
            List<Instant> keptFromBefore = stored.stream()
                    .filter(at -> at.isAfter(stopped) && at.isBefore(lastDropped)).toList();
            assertTrue(keptFromBefore.size() <= 1, keptFromBefore + " stored, collected before " + lastDropped);

            assertACommandMakesTheRoundTrip(fleet);
        }
    }

    private static AppProcess startAgent(TestFleet fleet) throws IOException {
        Path root = fleet.work.resolve(HOST);
        Path somaxconn = root.resolve("proc/sys/net/core/somaxconn");
        Files.createDirectories(somaxconn.getParent());
        Files.writeString(somaxconn, "4096\n");
        return AppProcess.start(HOST, "host-agent", TestHostKeys.agentConfig(Map.of(
                "kafka.bootstrap.servers", fleet.broker.bootstrapServers(),
                "tcpfleet.agent.host-id", HOST,
                "tcpfleet.agent.interval", "500ms",
                "tcpfleet.agent.buffer.snapshots", String.valueOf(CAPACITY),
                "tcpfleet.agent.state-dir", root.resolve("state").toString(),
                "tcpfleet.agent.proc-sys-root", root.resolve("proc/sys").toString(),
                "tcpfleet.agent.sysctl-files-root", root.toString(),
                "tcpfleet.agent.command-public-key", CommandSignatures.encode(fleet.keys.getPublic()),
                "quarkus.log.category.\"dev.tcpfleet.agent.snapshot\".level", "DEBUG")));
    }

    /** An apply sent through the control plane after the restart reaches the agent and its result is stored. */
    private static void assertACommandMakesTheRoundTrip(TestFleet fleet) {
        fleet.api().contentType(ContentType.JSON)
                .body(Map.of("description", "after the restart", "settings", Map.of("net.core.somaxconn", "8192")))
                .put("/api/profiles/after-restart").then().statusCode(201);
        String id = fleet.api().contentType(ContentType.JSON)
                .body(Map.of("action", "apply", "hosts", List.of(HOST), "profile", "after-restart"))
                .post("/api/commands").then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> fleet.api().get("/api/commands/" + id).then()
                .statusCode(200).body("hosts[0].outcome", equalTo("APPLIED")));
    }

    private static List<Instant> stored(TestFleet fleet) throws SQLException {
        try (Connection connection = fleet.database.connect();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT collected_at FROM snapshots WHERE host_id = ? ORDER BY collected_at")) {
            query.setString(1, HOST);
            List<Instant> times = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    times.add(rs.getObject(1, OffsetDateTime.class).toInstant());
                }
            }
            return times;
        }
    }

    private static List<Instant> droppedPerLog(AppProcess agent) throws IOException {
        List<Instant> dropped = new ArrayList<>();
        Matcher matcher = DROPPED.matcher(Files.readString(agent.log()));
        while (matcher.find()) {
            dropped.add(Instant.parse(matcher.group(1)));
        }
        return dropped.stream().sorted().toList();
    }
}
