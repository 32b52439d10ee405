package dev.tcpfleet.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.protocol.commands.CommandSignatures;
import dev.tcpfleet.testing.AppProcess;
import dev.tcpfleet.testing.KafkaBrokerProcess;
import dev.tcpfleet.testing.NetNamespace;
import dev.tcpfleet.testing.TestDatabase;
import dev.tcpfleet.testing.TestNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hosts as network namespaces on a bridged LAN, each with a real host-agent process (host ids {@code host-0},
 * {@code host-1}...), a real broker, a database and the control plane as a real process holding the key the
 * agents trust. Whatever started is stopped by {@link #close}, even when starting failed part way.
 */
final class TestFleet implements AutoCloseable {
    static final Duration START = Duration.ofSeconds(120);

    TestNetwork network;
    KafkaBrokerProcess broker;
    TestDatabase database;
    AppProcess controlPlane;
    final List<AppProcess> agents = new ArrayList<>();
    final Path work;
    final KeyPair keys = CommandSignatures.generateKeys();
    private Map<String, String> controlPlaneConfig;

    private TestFleet() throws IOException {
        work = Files.createTempDirectory("tcpfleet-fleet-");
    }

    /** Starts a fleet of {@code hosts}, with {@code controlPlaneConfig} added to the control plane's settings. */
    static TestFleet start(int hosts, Map<String, String> controlPlaneConfig) throws IOException {
        TestFleet fleet = new TestFleet();
        try {
            fleet.network = TestNetwork.create(hosts);
            fleet.broker = KafkaBrokerProcess.start(fleet.network.hubAddress(), fleet.network.hubAddress());
            fleet.broker.createTopics(4, Topics.SNAPSHOTS, Topics.DEAD_LETTERS, Topics.COMMANDS,
                    Topics.COMMAND_RESULTS);
            fleet.database = TestDatabase.create();
            Map<String, String> config = new HashMap<>(controlPlaneConfig);
            config.putAll(Map.of(
                    "kafka.bootstrap.servers", fleet.broker.bootstrapServers(),
                    "quarkus.datasource.jdbc.url", fleet.database.jdbcUrl(),
                    "quarkus.datasource.username", fleet.database.user(),
                    "quarkus.datasource.password", fleet.database.password(),
                    "tcpfleet.commands.signing-key", CommandSignatures.encode(fleet.keys.getPrivate())));
            fleet.controlPlaneConfig = Map.copyOf(config);
            fleet.controlPlane = AppProcess.start("control-plane", "control-plane", config).awaitReady(START);
            return fleet;
        } catch (RuntimeException e) {
            fleet.close();
            throw e;
        }
    }

    /** Starts every host's agent and waits until each has reported. */
    void startAgents() {
        for (int i = 0; i < network.hosts().size(); i++) {
            agents.add(startAgent(i));
        }
        // an agent in its namespace is out of the test's reach over loopback: it is up once it has reported
        await().atMost(START).untilAsserted(() -> given().baseUri(baseUrl()).get("/api/hosts").then()
                .body("size()", equalTo(network.hosts().size())));
    }

    /** Stops host {@code i}'s agent; its tuning state stays on disk for {@link #restartAgent}. */
    void stopAgent(int i) {
        agents.get(i).close();
    }

    void restartAgent(int i) {
        agents.set(i, startAgent(i));
    }

    private AppProcess startAgent(int i) {
        return AppProcess.start("agent-" + i, "host-agent", Map.of(
                "kafka.bootstrap.servers", broker.bootstrapServers(),
                "tcpfleet.agent.host-id", "host-" + i,
                "tcpfleet.agent.interval", "2s",
                "tcpfleet.agent.state-dir", work.resolve("state-" + i).toString(),
                "tcpfleet.agent.sysctl-files-root", work.resolve("root-" + i).toString(),
                "tcpfleet.agent.command-public-key", CommandSignatures.encode(keys.getPublic())),
                List.of("ip", "netns", "exec", network.hosts().get(i).name()), List.of());
    }

    /** Stops the control plane and starts it again on the same broker and database (on another HTTP port). */
    void restartControlPlane() {
        controlPlane.close();
        controlPlane = AppProcess.start("control-plane", "control-plane", controlPlaneConfig).awaitReady(START);
    }

    String baseUrl() {
        return controlPlane.baseUrl();
    }

    NetNamespace host(int i) {
        return network.hosts().get(i);
    }

    /** The live values of {@code keys} in host {@code i}'s kernel, read from its /proc/sys. */
    Map<String, String> live(int i, Collection<String> keys) {
        Map<String, String> values = new TreeMap<>();
        for (String key : keys) {
            values.put(key, host(i).run("cat", "/proc/sys/" + key.replace('.', '/')).trim());
        }
        return values;
    }

    @Override
    public void close() {
        List<AutoCloseable> all = new ArrayList<>(agents);
        all.addAll(Arrays.asList(controlPlane, broker, database, network));
        for (AutoCloseable closeable : all) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }
}
