package dev.tcpfleet.e2e;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.protocol.commands.StressCommand;
import dev.tcpfleet.protocol.stress.StressKind;
import dev.tcpfleet.protocol.stress.StressReport;
import dev.tcpfleet.protocol.stress.StressRequest;
import dev.tcpfleet.testing.NetNamespace;
import dev.tcpfleet.testing.sockets.SocketFixtureProcess;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 6's proof: agents on host-0 and host-1 test a server on host-2 (two listeners: 7001 allowed, 7002 not),
 * the control plane merges their results, and a target off the allowlist is refused by the control plane and, when
 * a correctly signed command reaches an agent anyway, by the agent, which then sends no packet to it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetCampaignIT {
    private static final int ALLOWED_PORT = 7001;
    private static final int OTHER_PORT = 7002;

    static TestFleet fleet;
    static SocketFixtureProcess server;
    static String serverAddress;

    @BeforeAll
    static void startFleet() throws IOException {
        assumeTrue(NetNamespace.supported(), "needs root and iproute2 to create network namespaces");
        fleet = TestFleet.start(3, network -> Map.of(
                "tcpfleet.campaigns.allow-networks", network.address(2) + "/32",
                "tcpfleet.campaigns.allow-ports", String.valueOf(ALLOWED_PORT)));
        serverAddress = fleet.network.address(2);
        // the fixture's listeners do not accept: a backlog with room for every test connection lets the kernel
        // complete each handshake all the same
        server = SocketFixtureProcess.start(fleet.network.hosts().get(2), List.of(
                "listen@" + serverAddress + ":" + ALLOWED_PORT + "/backlog=4096",
                "listen@" + serverAddress + ":" + OTHER_PORT));
        for (int i = 0; i < 2; i++) {
            fleet.startAgent(i, Map.of(
                    "tcpfleet.agent.stress.allow-networks", serverAddress + "/32",
                    "tcpfleet.agent.stress.allow-ports", String.valueOf(ALLOWED_PORT)));
        }
        fleet.awaitHosts(2);
    }

    @AfterAll
    static void stopFleet() {
        if (server != null) {
            server.close();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    private static ValidatableResponse campaign(String target) {
        return fleet.api().contentType(ContentType.JSON)
                .body(Map.of("selector", Map.of("hosts", List.of("host-0", "host-1")), "target", target,
                        "connections", 200, "concurrency", 20, "rate", 200, "durationSeconds", 20))
                .post("/api/campaigns").then();
    }

    @Test
    @Order(1)
    void aCampaignFromTwoHostsAgainstAThirdReturnsMergedPercentiles() {
        String id = campaign(serverAddress + ":" + ALLOWED_PORT).statusCode(202).extract().path("id");

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> fleet.api()
                .get("/api/campaigns/{id}", id).then().statusCode(200)
                .body("status", equalTo("FINISHED"))
                .body("hosts.status", equalTo(List.of("DONE", "DONE")))
                .body("hosts.result.successes", equalTo(List.of(200, 200)))
                .body("fleet.successes", equalTo(400))
                .body("fleet.errorRate", equalTo(0.0f))
                .body("fleet.latency.count", equalTo(400))
                .body("fleet.latency.p50Micros", greaterThan(0))
                .body("warning", equalTo(false)));
        Map<String, Integer> latency = fleet.api().get("/api/campaigns/{id}", id)
                .then().extract().path("fleet.latency");
        assertTrue(latency.get("p50Micros") <= latency.get("p90Micros")
                && latency.get("p90Micros") <= latency.get("p99Micros")
                && latency.get("p99Micros") <= latency.get("maxMicros"), latency.toString());
    }

    @Test
    @Order(2)
    void theControlPlaneRefusesATargetOffTheAllowlist() {
        campaign(serverAddress + ":" + OTHER_PORT).statusCode(403).body("field", equalTo("target"));
        campaign("192.0.2.1:" + ALLOWED_PORT).statusCode(403).body("field", equalTo("target"));

        fleet.api().get("/api/campaigns").then().body("size()", equalTo(1));
    }

    @Test
    @Order(3)
    void anAgentRefusesASignedTestOffItsOwnAllowlistAndSendsNoPacket() {
        long acceptedBefore = passiveOpens(fleet.network.hosts().get(2));
        Instant now = Instant.now();
        StressRequest request = new StressRequest(StressRequest.SCHEMA_VERSION, "direct-1", StressKind.CONNECT_LOAD,
                serverAddress, OTHER_PORT, 10, 1, 10, null, null, 0, 1000, 5000);
        fleet.sendCommand(new StressCommand(StressCommand.SCHEMA_VERSION, "direct-1-0", "host-0", "direct-1",
                StressCommand.Action.RUN, request, now, now.plus(Duration.ofMinutes(1))), fleet.keys.getPrivate());

        StressReport report = fleet.firstMessage(Topics.STRESS_RESULTS, "host-0",
                json -> ProtocolJson.readStressReport(json), r -> r.commandId().equals("direct-1-0"));

        assertTrue(report.result().wasRefused(), report.toString());
        assertTrue(report.result().refusal().contains("allowlist"), report.result().refusal());
        assertEquals(0, report.result().attempted());
        assertEquals(acceptedBefore, passiveOpens(fleet.network.hosts().get(2)),
                "host-2's kernel saw a connection attempt");
    }

    /** SYNs host-2's listeners received, from its namespace's /proc/net/snmp: any connection attempt counts. */
    private static long passiveOpens(NetNamespace host) {
        List<String> tcp = Arrays.stream(host.run("cat", "/proc/net/snmp").split("\n"))
                .filter(line -> line.startsWith("Tcp:")).toList();
        List<String> names = Arrays.asList(tcp.get(0).split("\\s+"));
        return Long.parseLong(tcp.get(1).split("\\s+")[names.indexOf("PassiveOpens")]);
    }
}
