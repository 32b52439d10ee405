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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The control plane as a real process on a real broker and database, and a {@link FleetSimulator}'s virtual hosts
 * ({@code prefix0}, {@code prefix1}...) trusting its key; campaigns may target 10.0.0.0/8 port 80. Whatever started is
 * stopped by {@link #close}, even when starting failed part way.
 */
final class SimulatedFleet implements AutoCloseable {
    KafkaBrokerProcess broker;
    TestDatabase database;
    AppProcess controlPlane;
    FleetSimulator simulator;

    private SimulatedFleet() {
    }

    /** Starts {@code hosts} virtual hosts, with {@code controlPlaneConfig} added to the control plane's settings. */
    static SimulatedFleet start(int hosts, String prefix, Duration interval, Map<String, String> controlPlaneConfig) {
        SimulatedFleet fleet = new SimulatedFleet();
        try {
            KeyPair keys = CommandSignatures.generateKeys();
            fleet.broker = KafkaBrokerProcess.startOnLoopback();
            fleet.broker.createTopics(4, Topics.SNAPSHOTS, Topics.COMMANDS, Topics.COMMAND_RESULTS,
                    Topics.STRESS_RESULTS, Topics.DEAD_LETTERS);
            fleet.database = TestDatabase.create();
            Map<String, String> config = new HashMap<>(ControlPlaneApi.config());
            config.putAll(Map.of(
                    "kafka.bootstrap.servers", fleet.broker.bootstrapServers(),
                    "quarkus.datasource.jdbc.url", fleet.database.jdbcUrl(),
                    "quarkus.datasource.username", fleet.database.user(),
                    "quarkus.datasource.password", fleet.database.password(),
                    "tcpfleet.commands.signing-key", CommandSignatures.encode(keys.getPrivate()),
                    "tcpfleet.campaigns.allow-networks", "10.0.0.0/8",
                    "tcpfleet.campaigns.allow-ports", "80"));
            config.putAll(controlPlaneConfig);
            fleet.controlPlane = AppProcess.start("control-plane", "control-plane", config)
                    .awaitReady(TestFleet.START);
            fleet.simulator = FleetSimulator.start(new FleetSimulator.Settings(fleet.broker.bootstrapServers(), hosts,
                    prefix, interval, keys.getPublic()));
            return fleet;
        } catch (RuntimeException e) {
            fleet.close();
            throw e;
        }
    }

    /** A JSON request to the control plane's API as its admin. */
    RequestSpecification api() {
        return ControlPlaneApi.given(controlPlane.baseUrl()).contentType(ContentType.JSON);
    }

    @Override
    public void close() {
        List<AutoCloseable> all = new ArrayList<>(Arrays.asList(simulator, controlPlane, broker, database));
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
