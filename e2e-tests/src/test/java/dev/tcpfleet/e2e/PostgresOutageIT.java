package dev.tcpfleet.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.protocol.TuningOutcome;
import dev.tcpfleet.protocol.TuningResult;
import dev.tcpfleet.testing.PrivatePostgres;
import dev.tcpfleet.testing.TopicRecords;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped for 30 s ({@code pg_ctl stop -m fast}, on a server of the test's own) under a steady snapshot
 * stream, then started again. The consumers wait on the database, retrying the record they hold, and the control plane
 * reports itself not ready (its API answers 503, to retry); nothing is stored while it is down and nothing goes to the
 * dead-letter topic. Afterwards every snapshot, and a command result sent during the outage, is stored once.
 */
class PostgresOutageIT {
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    @Test
    void consumersWaitOutTheOutageAndLoseNothing() throws Exception {
        try (PrivatePostgres postgres = PrivatePostgres.start();
             TestFleet fleet = TestFleet.start(0, network -> Map.of(), postgres::createDatabase);
             SteadySnapshots steady = SteadySnapshots.start(fleet)) {
            steady.awaitMoreStored(200);
            String command = applyTo(fleet, "steady-0");
            String hostCommand = fleet.api().get("/api/commands/" + command).then().statusCode(200)
                    .extract().path("hosts[0].commandId");

            postgres.stop();
            Instant down = Instant.now();
            int producedAtStop = steady.produced();
            fleet.publishAsHost(Topics.COMMAND_RESULTS, "steady-0", ProtocolJson.write(new TuningResult(hostCommand,
                    "steady-0", TuningOutcome.APPLIED, List.of(), null, List.of(), List.of(),
                    Instant.now().truncatedTo(ChronoUnit.MILLIS), null)));
            await().during(OUTAGE).atMost(OUTAGE.plusSeconds(20)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> readiness(fleet) == 503);
            assertTrue(steady.produced() > producedAtStop, "the stream went on while the database was down");
            // what the API cannot read now is a 503 to try again, not a 500
            fleet.api().get("/api/commands/" + command).then().statusCode(503).header("Retry-After", "5")
                    .body("error", equalTo("unavailable"));
            Instant up = Instant.now();
            postgres.startAgain();

            await().atMost(Duration.ofSeconds(60)).until(() -> readiness(fleet) == 200);
            steady.awaitMoreStored(200);
            steady.assertEachStoredOnce();
            assertEquals(0, steady.storedBetween(down, up), "stored while the database was down");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> fleet.api().get("/api/commands/" + command)
                    .then().statusCode(200).body("hosts[0].outcome", equalTo("APPLIED")));
            assertEquals(List.of(), TopicRecords.all(fleet.broker.bootstrapServers(), Topics.DEAD_LETTERS),
                    "a record was dead-lettered during the outage");
        }
    }

    /** Applies a profile of the test's own to {@code host}: a command whose result the outage must not lose. */
    private static String applyTo(TestFleet fleet, String host) {
        fleet.api().contentType(ContentType.JSON)
                .body(Map.of("description", "outage test", "settings", Map.of("net.core.somaxconn", "8191")))
                .put("/api/profiles/outage-test").then().statusCode(201);
        return fleet.api().contentType(ContentType.JSON)
                .body(Map.of("action", "apply", "hosts", List.of(host), "profile", "outage-test"))
                .post("/api/commands").then().statusCode(202).extract().path("id");
    }

    /** /q/health/ready's status: 503 while a check, such as the datasource's, is down. */
    private static int readiness(TestFleet fleet) {
        return given().baseUri(fleet.baseUrl()).get("/q/health/ready").statusCode();
    }
}
