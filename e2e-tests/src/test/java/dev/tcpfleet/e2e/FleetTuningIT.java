package dev.tcpfleet.e2e;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;



import dev.tcpfleet.protocol.TuningOutcome;

import dev.tcpfleet.protocol.commands.CommandSignatures;
import dev.tcpfleet.protocol.commands.TuningCommand;
import dev.tcpfleet.testing.NetNamespace;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three hosts (network namespaces on a bridged LAN), each with a real host-agent process connected to the
 * test's broker; the control plane signs and sends a profile to two of them. Every check reads the hosts'
 * real /proc/sys: the two are tuned, the third is untouched, a rollback restores the originals, and a
 * command signed by anyone else changes nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetTuningIT {
    // per-namespace keys only: net.core.rmem_max and friends belong to the whole machine
    private static final Map<String, String> PROFILE = new TreeMap<>(Map.of(
            "net.core.somaxconn", "8192",
            "net.ipv4.tcp_keepalive_time", "600",
            "net.ipv4.tcp_fin_timeout", "30"));

    static TestFleet fleet;
    static final Map<Integer, Map<String, String>> originals = new TreeMap<>();

    @BeforeAll
    static void startFleet() throws IOException {
        assumeTrue(NetNamespace.supported(), "needs root and iproute2 to create network namespaces");
        fleet = TestFleet.start(3, network -> Map.of());
        for (int i = 0; i < 3; i++) {
            originals.put(i, live(i));
        }
        fleet.startAgents();
    }

    @AfterAll
    static void stopFleet() {
        if (fleet != null) {
            fleet.close();
        }
    }

    private static Map<String, String> live(int host) {
        return fleet.live(host, PROFILE.keySet());
    }

    /** Sends a command for these hosts, waits until each has answered with {@code expected}, and returns its id. */
    private static String command(Map<String, Object> request, TuningOutcome expected, String... hosts) {
        String id = fleet.api().contentType(ContentType.JSON).body(request)
                .post("/api/commands").then().statusCode(202).extract().path("id");
        awaitOutcome(id, expected, hosts.length, Duration.ofSeconds(60));
        return id;
    }

    private static void awaitOutcome(String commandId, TuningOutcome expected, int hosts, Duration timeout) {
        await().atMost(timeout).untilAsserted(() -> {
            List<String> outcomes = fleet.api().get("/api/commands/" + commandId)
                    .then().statusCode(200).extract().path("hosts.outcome");
            assertEquals(Collections.nCopies(hosts, expected.name()), outcomes);
        });
    }

    private static Instant confirmBy(String commandId) {
        return Instant.parse(fleet.api().get("/api/commands/" + commandId)
                .then().statusCode(200).extract().<String>path("hosts[0].confirmBy"));
    }

    /** Waits, on the clock, until the agent's confirm watch has had its chances past {@code deadline}. */
    private static void awaitPast(Instant deadline) {
        Instant past = deadline.plusSeconds(3);
        await().atMost(Duration.ofMinutes(2)).until(() -> Instant.now().isAfter(past));
    }

    @Test
    @Order(1)
    void aProfileReachesTheTwoChosenHostsOnly() {
        fleet.api().contentType(ContentType.JSON)
                .body(Map.of("description", "fleet test", "settings", PROFILE))
                .put("/api/profiles/fleet-test").then().statusCode(201);

        command(Map.of("action", "apply", "hosts", List.of("host-0", "host-1"), "profile", "fleet-test"),
                TuningOutcome.APPLIED, "host-0", "host-1");

        assertEquals(PROFILE, live(0));
        assertEquals(PROFILE, live(1));
        assertEquals(originals.get(2), live(2));
    }

    @Test
    @Order(2)
    void eachHostReportsTheAddressItIsReachedByInItsNamespace() {
        for (int i = 0; i < 3; i++) {
            fleet.api().get("/api/hosts/host-" + i + "/snapshots/latest").then().statusCode(200)
                    .body("snapshot.addresses[0]", equalTo(fleet.network.address(i)));
        }
    }

    @Test
    @Order(2)
    void aManagedKeyChangedBehindTcpfleetsBackShowsAsDriftInTheNextSnapshots() {
        fleet.host(0).run("sh", "-c", "echo 4096 > /proc/sys/net/core/somaxconn");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> fleet.api()
                .get("/api/hosts/host-0/snapshots/latest").then().statusCode(200)
                .body("snapshot.drift.'net.core.somaxconn'.applied", equalTo("8192"))
                .body("snapshot.drift.'net.core.somaxconn'.live", equalTo("4096")));
    }

    @Test
    @Order(3)
    void aForgedCommandIsDroppedUnansweredCountedAndChangesNothing() {
        Instant now = Instant.now();
        TuningCommand forged = new TuningCommand(TuningCommand.SCHEMA_VERSION, "forged-1", "host-2",
                TuningCommand.Action.APPLY, "evil", 1, PROFILE, false, 0, null, now, now.plus(Duration.ofMinutes(5)));
        fleet.sendCommand(forged, CommandSignatures.generateKeys().getPrivate());

        // an agent reads its partition in order: once a genuine command sent after it is answered, it was handled
        command(Map.of("action", "apply", "hosts", List.of("host-2"), "profile", "fleet-test", "dryRun", true),
                TuningOutcome.PLANNED, "host-2");
        assertTrue(fleet.agentMetrics(2)
                .contains("tcpfleet_agent_commands_refused_total{reason=\"bad_signature\",} 1.0"),
                "the agent counts what it dropped");
        fleet.api().get("/q/metrics").then().body(containsString("tcpfleet_commands_results_unmatched_total 0.0"));
        assertEquals(originals.get(2), live(2));
    }

    @Test
    @Order(4)
    void aRollbackRestoresTheOriginals() {
        command(Map.of("action", "rollback", "hosts", List.of("host-0", "host-1")), TuningOutcome.REVERTED,
                "host-0", "host-1");

        assertEquals(originals.get(0), live(0));
        assertEquals(originals.get(1), live(1));
    }

    @Test
    @Order(5)
    void anApplyNotConfirmedInTimeIsRevertedByTheHostEvenAcrossARestart() {
        String apply = command(Map.of("action", "apply", "hosts", List.of("host-2"), "profile", "fleet-test",
                "confirmWithinSeconds", 20), TuningOutcome.APPLIED, "host-2");
        assertEquals(PROFILE, live(2));
        Instant deadline = confirmBy(apply);

        fleet.stopAgent(2);
        assertEquals(PROFILE, live(2), "an agent that stops does not roll back");
        awaitPast(deadline);
        assertEquals(PROFILE, live(2), "nor does anything else while it is down");
        fleet.restartAgent(2);

        awaitOutcome(apply, TuningOutcome.REVERTED, 1, TestFleet.START);
        assertEquals(originals.get(2), live(2));
    }

    @Test
    @Order(6)
    void aConfirmedApplyStays() {
        String apply = command(Map.of("action", "apply", "hosts", List.of("host-1"), "profile", "fleet-test",
                "confirmWithinSeconds", 30), TuningOutcome.APPLIED, "host-1");

        command(Map.of("action", "confirm", "hosts", List.of("host-1"), "confirmOf", apply), TuningOutcome.CONFIRMED,
                "host-1");
        awaitPast(confirmBy(apply));

        assertEquals(PROFILE, live(1));
        awaitOutcome(apply, TuningOutcome.APPLIED, 1, Duration.ofSeconds(5));
    }
}
