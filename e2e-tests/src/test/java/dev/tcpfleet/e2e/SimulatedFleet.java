package dev.tcpfleet.e2e;

import dev.tcpfleet.domain.stress.TargetAllowlist;
import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.protocol.commands.CommandSignatures;
import dev.tcpfleet.simulator.FleetSimulator;
import dev.tcpfleet.testing.AppProcess;
import dev.tcpfleet.testing.KafkaBrokerProcess;
import dev.tcpfleet.testing.TestDatabase;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real broker, database and control plane with simulated hosts instead of agents: for tests about the fleet's size
 * or its pictures rather than about one kernel. The control plane accepts campaigns toward 10.0.0.0/8 port 80, and
 * the simulator's hosts run them all unless started with an allowlist of their own.
 */
final class SimulatedFleet implements AutoCloseable {
    final KafkaBrokerProcess broker;
    final TestDatabase database;
    final AppProcess controlPlane;
    final FleetSimulator simulator;
    /** For hosts a test plays beside the simulator's. */
    final TestHostKeys hostKeys;
    private final Map<String, String> controlPlaneConfig;
    private final List<AppProcess> moreControlPlanes = new ArrayList<>();

    private SimulatedFleet(KafkaBrokerProcess broker, TestDatabase database, AppProcess controlPlane,
            FleetSimulator simulator, TestHostKeys hostKeys, Map<String, String> controlPlaneConfig) {
        this.broker = broker;
        this.database = database;
        this.controlPlane = controlPlane;
        this.simulator = simulator;
        this.hostKeys = hostKeys;
        this.controlPlaneConfig = controlPlaneConfig;
    }

    /** {@code hosts} virtual hosts named {@code prefix0...}, each reporting every {@code interval}. */
    static SimulatedFleet start(int hosts, String prefix, Duration interval) {
        return start(hosts, prefix, interval, Map.of());
    }

    /** As {@link #start(int, String, Duration)}, the control plane with {@code settings} besides the fleet's. */
    static SimulatedFleet start(int hosts, String prefix, Duration interval, Map<String, String> settings) {
        return start(hosts, prefix, interval, settings, Optional.empty());
    }

    /**
     * As {@link #start(int, String, Duration, Map)}, the hosts refusing, in an agent's words, a campaign whose target
     * is off {@code hostsAllow} (the agents' tcpfleet.agent.stress.allow-networks and allow-ports).
     */
    static SimulatedFleet start(int hosts, String prefix, Duration interval, Map<String, String> settings,
            Optional<TargetAllowlist> hostsAllow) {
        KeyPair keys = CommandSignatures.generateKeys();
        KafkaBrokerProcess broker = null;
        TestDatabase database = null;
        AppProcess controlPlane = null;
        try {
            broker = KafkaBrokerProcess.startOnLoopback();
            broker.createTopics(4, Topics.SNAPSHOTS, Topics.COMMANDS, Topics.COMMAND_RESULTS, Topics.STRESS_RESULTS,
                    Topics.DEAD_LETTERS);
            database = TestDatabase.create();
            Map<String, String> config = new HashMap<>(ControlPlaneApi.config());
            config.putAll(Map.of(
                    "kafka.bootstrap.servers", broker.bootstrapServers(),
                    "quarkus.datasource.jdbc.url", database.jdbcUrl(),
                    "quarkus.datasource.username", database.user(),
                    "quarkus.datasource.password", database.password(),
                    "tcpfleet.commands.signing-key", CommandSignatures.encode(keys.getPrivate()),
                    "tcpfleet.campaigns.allow-networks", "10.0.0.0/8",
                    "tcpfleet.campaigns.allow-ports", "80"));
            config.putAll(settings);
            controlPlane = AppProcess.start("control-plane", "control-plane", config).awaitReady(TestFleet.START);
            FleetSimulator simulator = FleetSimulator.start(new FleetSimulator.Settings(broker.bootstrapServers(),
                    hosts, prefix, interval, keys.getPublic(), Optional.of(TestHostKeys.ENROL_SECRET), hostsAllow));
            return new SimulatedFleet(broker, database, controlPlane, simulator, new TestHostKeys(keys.getPublic()),
                    Map.copyOf(config));
        } catch (RuntimeException e) {
            closeAll(Arrays.asList(controlPlane, broker, database)); // those started, the others null
            throw e;
        }
    }

    /** One more control plane on the same broker and database, with {@code settings} instead of the first's. */
    AppProcess startControlPlane(String name, Map<String, String> settings) {
        Map<String, String> config = new HashMap<>(controlPlaneConfig);
        config.putAll(settings);
        AppProcess another = AppProcess.start(name, "control-plane", config);
        moreControlPlanes.add(another);
        return another.awaitReady(TestFleet.START);
    }

    String baseUrl() {
        return controlPlane.baseUrl();
    }

    /** A JSON request to the control plane as its admin. */
    RequestSpecification api() {
        return ControlPlaneApi.given(controlPlane.baseUrl()).contentType(ContentType.JSON);
    }

    @Override
    public void close() {
        List<AutoCloseable> all = new ArrayList<>(List.of(simulator, controlPlane));
        all.addAll(moreControlPlanes);
        all.addAll(List.of(broker, database));
        closeAll(all);
    }

    private static void closeAll(List<AutoCloseable> all) {
        for (AutoCloseable closeable : all) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                System.err.println("cleanup: " + e);
            }
        }
    }
}
