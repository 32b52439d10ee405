package dev.tcpfleet.e2e;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.protocol.commands.CommandSignatures;
import dev.tcpfleet.protocol.commands.FleetCommand;
import dev.tcpfleet.testing.AppProcess;
import dev.tcpfleet.testing.KafkaBrokerProcess;
import dev.tcpfleet.testing.NetNamespace;
import dev.tcpfleet.testing.TestDatabase;
import dev.tcpfleet.testing.TestNetwork;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

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
    final TestHostKeys hostKeys = new TestHostKeys(keys.getPublic());
    private Map<String, String> controlPlaneConfig;
    private final Map<Integer, Map<String, String>> agentConfig = new HashMap<>();

    private TestFleet() throws IOException {
        work = Files.createTempDirectory("tcpfleet-fleet-");
    }

    /**
     * Starts a fleet of {@code hosts}, with {@code controlPlaneConfig} added to the control plane's settings; it may
     * name the hosts' addresses.
     */
    static TestFleet start(int hosts, Function<TestNetwork, Map<String, String>> controlPlaneConfig)
            throws IOException {
        return start(hosts, controlPlaneConfig, TestDatabase::create);
    }

    /** As {@link #start(int, Function)}, with the control plane's database made by {@code database}. */
    static TestFleet start(int hosts, Function<TestNetwork, Map<String, String>> controlPlaneConfig,
            Supplier<TestDatabase> database) throws IOException {
        TestFleet fleet = new TestFleet();
        try {
            fleet.network = TestNetwork.create(hosts);
            fleet.broker = KafkaBrokerProcess.start(fleet.network.hubAddress(), fleet.network.hubAddress());
            fleet.broker.createTopics(4, Topics.SNAPSHOTS, Topics.DEAD_LETTERS, Topics.COMMANDS,
                    Topics.COMMAND_RESULTS, Topics.STRESS_RESULTS);
            fleet.database = database.get();
            Map<String, String> config = new HashMap<>(controlPlaneConfig.apply(fleet.network));
            config.putAll(Map.of(
                    "kafka.bootstrap.servers", fleet.broker.bootstrapServers(),
                    "quarkus.datasource.jdbc.url", fleet.database.jdbcUrl(),
                    "quarkus.datasource.username", fleet.database.user(),
                    "quarkus.datasource.password", fleet.database.password(),
                    "tcpfleet.commands.signing-key", CommandSignatures.encode(fleet.keys.getPrivate())));
            config.putAll(ControlPlaneApi.config());
            fleet.controlPlaneConfig = Map.copyOf(config);
            fleet.startControlPlane();
            return fleet;
        } catch (RuntimeException e) {
            fleet.close();
            throw e;
        }
    }

    /** Starts every host's agent and waits until each has reported. */
    void startAgents() {
        for (int i = 0; i < network.hosts().size(); i++) {
            startAgent(i, Map.of());
        }
        awaitHosts(network.hosts().size());
    }

    /** Starts host {@code i}'s agent in its namespace, trusting this fleet's key, with {@code config} too. */
    AppProcess startAgent(int i, Map<String, String> config) {
        agentConfig.put(i, Map.copyOf(config));
        AppProcess agent = launchAgent(i);
        agents.add(agent);
        return agent;
    }

    /** An agent in its namespace is out of the test's reach over loopback: it is up once it has reported. */
    void awaitHosts(int count) {
        await().atMost(START).untilAsserted(() -> api().get("/api/hosts").then()
                .body("size()", equalTo(count)));
    }

    /** Stops host {@code i}'s agent; its tuning state stays on disk for {@link #restartAgent}. */
    void stopAgent(int i) {
        agents.get(i).close();
    }

    /** Starts host {@code i}'s agent again as it was first started; stops it first if it still runs. */
    void restartAgent(int i) {
        restartAgent(i, agentConfig.get(i));
    }

    /** As {@link #restartAgent(int)}, with {@code config} instead of the settings it was started with. */
    void restartAgent(int i, Map<String, String> config) {
        agents.get(i).close();
        agentConfig.put(i, Map.copyOf(config));
        agents.set(i, launchAgent(i));
    }

    private AppProcess launchAgent(int i) {
        Map<String, String> config = TestHostKeys.agentConfig(Map.of());
        config.putAll(agentConfig.get(i)); // which may take the enrol secret away
        config.putAll(Map.of(
                "kafka.bootstrap.servers", broker.bootstrapServers(),
                "tcpfleet.agent.host-id", "host-" + i,
                "tcpfleet.agent.interval", "2s",
                "tcpfleet.agent.state-dir", work.resolve("state-" + i).toString(),
                "tcpfleet.agent.sysctl-files-root", work.resolve("root-" + i).toString(),
                "tcpfleet.agent.command-public-key", CommandSignatures.encode(keys.getPublic())));
        return AppProcess.start("agent-" + i, "host-agent", config,
                List.of("ip", "netns", "exec", network.hosts().get(i).name()), List.of());
    }

    /** Host {@code i}'s agent's /q/metrics, read inside its namespace. */
    String agentMetrics(int i) {
        return host(i).run("curl", "-sf", agents.get(i).baseUrl() + "/q/metrics");
    }

    /** Puts {@code command}, signed with {@code key}, on the commands topic for its host, as the control plane does. */
    void sendCommand(FleetCommand command, PrivateKey key) {
        publish(Topics.COMMANDS, command.hostId(), ProtocolJson.write(CommandSignatures.sign(command, key)));
    }

    /** Puts {@code value} keyed {@code key} on {@code topic}, returning once the broker has it. */
    void publish(String topic, String key, byte[] value) {
        publish(new ProducerRecord<>(topic, key, value));
    }

    /** As {@link #publish}, sealed as host {@code hostId}'s agent would seal it. */
    void publishAsHost(String topic, String hostId, byte[] value) {
        publish(hostKeys.record(topic, hostId, value));
    }

    private void publish(ProducerRecord<String, byte[]> record) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the broker did not take a record for " + record.topic(), e);
        }
    }

    /** The first message on {@code topic} keyed {@code hostId} that {@code wanted} accepts, waiting up to a minute. */
    <T> T firstMessage(String topic, String hostId, Function<byte[], T> reader, Predicate<T> wanted) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<T> found = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (hostId.equals(record.key())) {
                        T message = reader.apply(record.value());
                        if (wanted.test(message)) {
                            found.add(message);
                        }
                    }
                }
                return !found.isEmpty();
            });
            return found.get(0);
        }
    }

    /** Stops the control plane and starts it again on the same broker and database (on another HTTP port). */
    void restartControlPlane() {
        controlPlane.close();
        startControlPlane();
    }

    /** Kills the control plane with SIGKILL, as a crash would, and starts it again like {@link #restartControlPlane}. */
    void crashControlPlane() {
        controlPlane.kill();
        startControlPlane();
    }

    /**
     * Stops the control plane with SIGTERM, as an orchestrator would, and returns its exit status; fails if it still
     * runs after {@code bound}. {@link #startControlPlane} starts it again.
     */
    int terminateControlPlane(Duration bound) {
        return controlPlane.terminate(bound);
    }

    /** Starts the control plane on the fleet's broker and database (on a new HTTP port), waiting until it is ready. */
    void startControlPlane() {
        controlPlane = AppProcess.start("control-plane", "control-plane", controlPlaneConfig).awaitReady(START);
    }

    String baseUrl() {
        return controlPlane.baseUrl();
    }

    /** A request to the control plane's API as its admin. */
    RequestSpecification api() {
        return ControlPlaneApi.given(baseUrl());
    }

    /** TIME_WAIT in host-{@code i}'s latest snapshot, 0 when it has none (a snapshot leaves out empty states). */
    int latestTimeWait(int i) {
        Integer timeWait = api().get("/api/hosts/host-{i}/snapshots/latest", i).then().statusCode(200).extract()
                .path("snapshot.tcpStates.TIME_WAIT");
        return timeWait == null ? 0 : timeWait;
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
        KafkaBrokerProcess.deleteRecursively(work); // the agents' state and sysctl files, once they have stopped
    }
}
