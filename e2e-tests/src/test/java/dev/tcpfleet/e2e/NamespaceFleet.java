package dev.tcpfleet.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.protocol.commands.CommandSignatures;
import dev.tcpfleet.protocol.commands.FleetCommand;
import dev.tcpfleet.testing.AppProcess;
import dev.tcpfleet.testing.KafkaBrokerProcess;
import dev.tcpfleet.testing.TestDatabase;
import dev.tcpfleet.testing.TestNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
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
 * Hosts as network namespaces on one bridge, a real broker and database, the control plane as a process and
 * agents as processes inside the namespaces, each named {@code host-<i>}. Needs root.
 */
final class NamespaceFleet implements AutoCloseable {
    static final Duration START = Duration.ofSeconds(120);

    final TestNetwork network;
    final KafkaBrokerProcess broker;
    final TestDatabase database;
    final KeyPair keys = CommandSignatures.generateKeys();
    final Path work;
    final AppProcess controlPlane;
    private final List<AutoCloseable> started = new ArrayList<>();

    /**
     * Starts the network, broker, database and control plane, the latter with {@code controlPlaneProperties} too,
     * which may name the hosts' addresses.
     */
    NamespaceFleet(int hosts, Function<TestNetwork, Map<String, String>> controlPlaneProperties) throws IOException {
        work = Files.createTempDirectory("tcpfleet-fleet-");
        try {
            network = closing(TestNetwork.create(hosts));
            broker = closing(KafkaBrokerProcess.start(network.hubAddress(), network.hubAddress()));
            broker.createTopics(4, Topics.SNAPSHOTS, Topics.DEAD_LETTERS, Topics.COMMANDS, Topics.COMMAND_RESULTS,
                    Topics.STRESS_RESULTS);
            database = closing(TestDatabase.create());
            Map<String, String> properties = new HashMap<>(controlPlaneProperties.apply(network));
            properties.putAll(Map.of(
                    "kafka.bootstrap.servers", broker.bootstrapServers(),
                    "quarkus.datasource.jdbc.url", database.jdbcUrl(),
                    "quarkus.datasource.username", database.user(),
                    "quarkus.datasource.password", database.password(),
                    "tcpfleet.commands.signing-key", CommandSignatures.encode(keys.getPrivate())));
            controlPlane = closing(AppProcess.start("control-plane", "control-plane", properties)).awaitReady(START);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private <T extends AutoCloseable> T closing(T resource) {
        started.add(0, resource); // closed in reverse order of start
        return resource;
    }

    /** Starts host {@code i}'s agent in its namespace, trusting this fleet's key, with {@code properties} too. */
    AppProcess startAgent(int i, Map<String, String> properties) {
        Map<String, String> all = new HashMap<>(properties);
        all.putAll(Map.of(
                "kafka.bootstrap.servers", broker.bootstrapServers(),
                "tcpfleet.agent.host-id", "host-" + i,
                "tcpfleet.agent.interval", "2s",
                "tcpfleet.agent.state-dir", work.resolve("state-" + i).toString(),
                "tcpfleet.agent.sysctl-files-root", work.resolve("root-" + i).toString(),
                "tcpfleet.agent.command-public-key", CommandSignatures.encode(keys.getPublic())));
        return closing(AppProcess.start("agent-" + i, "host-agent", all,
                List.of("ip", "netns", "exec", network.hosts().get(i).name()), List.of()));
    }

    /** An agent in its namespace is out of the test's reach over loopback: it is up once it has reported. */
    void awaitHosts(int count) {
        await().atMost(START).untilAsserted(() ->
                given().baseUri(controlPlane.baseUrl()).get("/api/hosts").then().body("size()", equalTo(count)));
    }

    /** Puts {@code command}, signed with {@code key}, on the commands topic for its host, as the control plane does. */
    void sendCommand(FleetCommand command, PrivateKey key) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.COMMANDS, command.hostId(), ProtocolJson.write(
                    CommandSignatures.sign(command, key))));
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

    @Override
    public void close() {
        for (AutoCloseable resource : started) {
            try {
                resource.close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }
}
