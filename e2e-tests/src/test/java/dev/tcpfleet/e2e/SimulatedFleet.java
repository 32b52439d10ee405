package dev.tcpfleet.e2e;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real broker, database and control plane with simulated hosts instead of agents: for tests about the fleet's size
 * or its pictures rather than about one kernel. The simulator's hosts accept campaigns toward 10.0.0.0/8 port 80.
 */
final class SimulatedFleet implements AutoCloseable {
    final KafkaBrokerProcess broker;
    final TestDatabase database;
    final AppProcess controlPlane;
    final FleetSimulator simulator;

    private SimulatedFleet(KafkaBrokerProcess broker, TestDatabase database, AppProcess controlPlane,
            FleetSimulator simulator) {
        this.broker = broker;
        this.database = database;
        this.controlPlane = controlPlane;
        this.simulator = simulator;
    }

    /** {@code hosts} virtual hosts named {@code prefix0...}, each reporting every {@code interval}. */
    static SimulatedFleet start(int hosts, String prefix, Duration interval) {
        return start(hosts, prefix, interval, Map.of());
    }

    /** As above, with {@code controlPlaneConfig} added to the control plane's settings. */
    static SimulatedFleet start(int hosts, String prefix, Duration interval, Map<String, String> controlPlaneConfig) {
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
            config.putAll(controlPlaneConfig);
            controlPlane = AppProcess.start("control-plane", "control-plane", config).awaitReady(TestFleet.START);
            FleetSimulator simulator = FleetSimulator.start(new FleetSimulator.Settings(broker.bootstrapServers(),
                    hosts, prefix, interval, keys.getPublic()));
            return new SimulatedFleet(broker, database, controlPlane, simulator);
        } catch (RuntimeException e) {
            closeAll(List.of(controlPlane, broker, database));
            throw e;
        }
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
        closeAll(List.of(simulator, controlPlane, broker, database));
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
