package dev.tcpfleet.e2e;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tcpfleet.agent.commands.CommandListener;
import dev.tcpfleet.testing.NetNamespace;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * An agent that dies between writing a profile's sysctls and reporting it: the kernel holds the new values and the
 * journal the result, but the control plane has heard nothing. Started again, the agent answers from its journal
 * when it reads the (uncommitted) command again, so the control plane learns the true outcome.
 */
class AgentCrashIT {
    private static final Map<String, String> PROFILE = new TreeMap<>(Map.of(
            "net.core.somaxconn", "8191",
            "net.ipv4.tcp_fin_timeout", "31"));

    @Test
    void anAgentHaltedAfterApplyingReportsTheTrueStateOnRestart() throws Exception {
        assumeTrue(NetNamespace.supported(), "needs root and iproute2 to create network namespaces");
        try (TestFleet fleet = TestFleet.start(1, network -> Map.of())) {
            fleet.startAgent(0, Map.of("tcpfleet.agent.fault.halt-after-apply", "true"));
            fleet.awaitHosts(1);
            Map<String, String> original = fleet.live(0, PROFILE.keySet());
            assertNotEquals(PROFILE, original);
            fleet.api().contentType(ContentType.JSON)
                    .body(Map.of("description", "crash test", "settings", PROFILE))
                    .put("/api/profiles/crash-test").then().statusCode(201);

            String id = fleet.api().contentType(ContentType.JSON)
                    .body(Map.of("action", "apply", "hosts", List.of("host-0"), "profile", "crash-test"))
                    .post("/api/commands").then().statusCode(202).extract().path("id");

            assertEquals(CommandListener.HALTED_AFTER_APPLY, fleet.agents.get(0).awaitExit(Duration.ofSeconds(60)));
            assertEquals(PROFILE, fleet.live(0, PROFILE.keySet()), "the sysctls were written before the halt");
            fleet.api().get("/api/commands/" + id).then().statusCode(200)
                    .body("hosts[0].outcome", nullValue());

            fleet.restartAgent(0, Map.of());

            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> fleet.api()
                    .get("/api/commands/" + id).then().statusCode(200)
                    .body("hosts[0].outcome", equalTo("APPLIED"))
                    .body("hosts[0].changes.find { it.key == 'net.core.somaxconn' }.after", equalTo("8191")));
            assertEquals(PROFILE, fleet.live(0, PROFILE.keySet()));
        }
    }
}
