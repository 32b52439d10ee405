package dev.tcpfleet.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.protocol.commands.CommandSignatures;
import dev.tcpfleet.testing.AppProcess;
import dev.tcpfleet.testing.KafkaBrokerProcess;
import dev.tcpfleet.testing.TestDatabase;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The walking skeleton's whole path: a real host agent reads this host's /proc, publishes to a real
 * broker, the real control plane stores it in PostgreSQL, and the REST API returns it.
 */
class SnapshotPathIT {
    private static final Duration START = Duration.ofSeconds(120);
    private static final KeyPair KEYS = CommandSignatures.generateKeys();

    static KafkaBrokerProcess broker;
    static TestDatabase database;
    static AppProcess controlPlane;
    static AppProcess agent;
    static ServerSocket extraListener;
    static Map<String, Map<String, String>> settings = new HashMap<>();

    @BeforeAll
    static void startFleet() throws IOException {
        broker = KafkaBrokerProcess.startOnLoopback();
        broker.createTopics(4, Topics.SNAPSHOTS, Topics.DEAD_LETTERS);
        database = TestDatabase.create();
        // a listener of the test's own, which the agent's snapshot must count
        extraListener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Map<String, String> config = new HashMap<>(ControlPlaneApi.config());
        config.putAll(Map.of(
                "kafka.bootstrap.servers", broker.bootstrapServers(),
                "quarkus.datasource.jdbc.url", database.jdbcUrl(),
                "quarkus.datasource.username", database.user(),
                "quarkus.datasource.password", database.password(),
                // the key the control plane checks the agent's seal with
                "tcpfleet.commands.signing-key", CommandSignatures.encode(KEYS.getPrivate())));
        settings.put("control-plane", config);
        controlPlane = AppProcess.start("control-plane", "control-plane", config).awaitReady(START);
        settings.put("host-agent", TestHostKeys.agentConfig(Map.of(
                "kafka.bootstrap.servers", broker.bootstrapServers(),
                "tcpfleet.agent.host-id", "e2e-host",
                "tcpfleet.agent.hostname", "e2e.example",
                "tcpfleet.agent.labels.env", "e2e",
                "tcpfleet.agent.interval", "1s",
                "tcpfleet.agent.command-public-key", CommandSignatures.encode(KEYS.getPublic()),
                "tcpfleet.agent.state-dir", System.getProperty("java.io.tmpdir") + "/tcpfleet-e2e-agent")));
        agent = AppProcess.start("host-agent", "host-agent", settings.get("host-agent")).awaitReady(START);
    }

    @AfterAll
    static void stopFleet() throws IOException {
        for (AutoCloseable closeable : new AutoCloseable[] {agent, controlPlane, extraListener, broker, database}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }

    @Test
    void aRealSnapshotTravelsFromTheAgentToTheDatabaseAndOutThroughTheApi() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                ControlPlaneApi.given(controlPlane.baseUrl()).get("/api/hosts/e2e-host").then().statusCode(200));

        ControlPlaneApi.given(controlPlane.baseUrl()).get("/api/hosts").then().statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].id", equalTo("e2e-host"))
                .body("[0].hostname", equalTo("e2e.example"))
                .body("[0].labels.env", equalTo("e2e"))
                .body("[0].agentVersion", equalTo("0.1.0-SNAPSHOT"));

        // several snapshots arrive, one per interval
        await().atMost(Duration.ofSeconds(60)).until(() -> snapshots().getList("$").size() >= 3);
        JsonPath latest = ControlPlaneApi.given(controlPlane.baseUrl()).get("/api/hosts/e2e-host/snapshots/latest")
                .then().statusCode(200).extract().jsonPath();
        assertEquals("e2e-host", latest.getString("snapshot.host.hostId"));
        assertEquals(1, latest.getInt("snapshot.schemaVersion"));
        // at least: the broker, its controller, the control plane, the agent and this test's listener
        int listening = latest.getInt("snapshot.tcpStates.LISTEN");
        assertTrue(listening >= 5, "LISTEN sockets in the snapshot: " + listening);
        // the agent's own connection to the broker, both ends on this host
        assertTrue(latest.getInt("snapshot.tcpStates.ESTABLISHED") >= 2, latest.prettify());
        // the whole picture survives the trip: the agent's broker connection is an outbound destination held by
        // the agent's own process, sockstat and counters are there, and rates once a previous snapshot exists
        String brokerPort = broker.bootstrapServers().substring(broker.bootstrapServers().lastIndexOf(':') + 1);
        assertTrue(latest.getList("snapshot.topDestinations.port").contains(Integer.parseInt(brokerPort)),
                latest.prettify());
        assertTrue(latest.getList("snapshot.processes.pid").contains((int) agent.pid()), latest.prettify());
        long inUse = latest.getLong("snapshot.socketMemory.tcpInUse") + latest.getLong("snapshot.socketMemory.tcp6InUse");
        assertTrue(inUse >= listening, latest.prettify()); // sockstat's inuse counts listeners, IPv4 and IPv6
        assertTrue(latest.getLong("snapshot.tcpCounters.totals.ActiveOpens") > 0, latest.prettify());
        assertTrue(latest.getMap("snapshot.tcpCounters.perSecond").containsKey("ActiveOpens"), latest.prettify());
        assertTrue(latest.getMap("snapshot.sysctls").containsKey("net.core.somaxconn"), latest.prettify());
    }

    @Test
    void bothAppsReportHealthAndMetrics() {
        for (AppProcess app : new AppProcess[] {controlPlane, agent}) {
            given().baseUri(app.baseUrl()).get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
            given().baseUri(app.baseUrl()).get("/q/metrics").then().statusCode(200);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String metrics = given().baseUri(agent.baseUrl()).get("/q/metrics").asString();
            assertTrue(metrics.contains("tcpfleet_agent_snapshots_published_total"), "agent metrics");
        });
    }

    /** Any local user reads /proc/PID/cmdline: the settings, the admin token among them, must not be there. */
    @Test
    void noSettingOfAnAppIsOnItsCommandLine() throws IOException {
        for (AppProcess app : new AppProcess[] {controlPlane, agent}) {
            List<String> arguments = List.of(Files.readString(Path.of("/proc/" + app.pid() + "/cmdline")).split("\0"));
            String name = app == agent ? "host-agent" : "control-plane";
            assertTrue(arguments.stream().noneMatch(argument -> argument.startsWith("-D")), arguments.toString());
            for (Map.Entry<String, String> setting : settings.get(name).entrySet()) {
                if (setting.getValue().length() < 8) {
                    continue; // "1s", "e2e" or an empty password could be part of any path
                }
                assertTrue(arguments.stream().noneMatch(argument -> argument.contains(setting.getValue())),
                        setting.getKey() + " is on " + name + "'s command line: " + arguments);
            }
            assertTrue(arguments.contains("-jar"), "the command line is read whole: " + arguments);
        }
        assertTrue(settings.get("control-plane").containsValue(ControlPlaneApi.token()), "the admin token was among them");
    }

    private static JsonPath snapshots() {
        return ControlPlaneApi.given(controlPlane.baseUrl()).get("/api/hosts/e2e-host/snapshots")
                .then().statusCode(200).extract().jsonPath();
    }
}
