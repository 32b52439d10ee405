package dev.tcpfleet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.protocol.CommandRouting;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.protocol.TuningOutcome;
import dev.tcpfleet.protocol.TuningResult;
import dev.tcpfleet.protocol.commands.CommandSignatures;
import dev.tcpfleet.protocol.commands.TuningCommand;
import dev.tcpfleet.testing.AppProcess;
import dev.tcpfleet.testing.KafkaBrokerProcess;
import dev.tcpfleet.testing.SaslUser;
import dev.tcpfleet.testing.TopicRecords;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A broker that admits only SCRAM users and authorizes with ACLs ({@link FleetAcls}), as README's "Kafka access"
 * tells an operator to run one: the agents' principal writes what an agent sends and reads its commands, and cannot
 * command; the control plane's principal commands. Plain Kafka clients log in as each, then a real agent does.
 */
class KafkaAclIT {
    private static final String HOST = "acl-host";
    private static final int PARTITIONS = 4;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static KafkaBrokerProcess broker;
    private static SaslUser agent;
    private static SaslUser controlPlane;

    @BeforeAll
    static void startBrokerWithAcls() {
        broker = KafkaBrokerProcess.startOnLoopbackWithSasl();
        // an operator creates the topics: the agents may not, and auto-creation needs a right they do not have
        broker.createTopics(PARTITIONS, Topics.SNAPSHOTS, Topics.COMMANDS, Topics.COMMAND_RESULTS,
                Topics.STRESS_RESULTS, Topics.DEAD_LETTERS, Topics.ALERTS);
        agent = broker.createUser("tcpfleet-agent");
        controlPlane = broker.createUser("tcpfleet-control-plane");
        broker.createAcls(FleetAcls.agent(agent.name()));
        broker.createAcls(FleetAcls.controlPlane(controlPlane.name()));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void theAgentPrincipalCannotWriteCommands() throws Exception {
        String forged = "forged-" + UUID.randomUUID();
        Throwable refused = sendFailure(agent, Topics.COMMANDS, forged);
        assertInstanceOf(TopicAuthorizationException.class, refused, refused.toString());
        assertTrue(TopicRecords.all(broker.adminSettings(), Topics.COMMANDS).stream()
                .noneMatch(record -> forged.equals(text(record))), "nothing of the agent's reached the topic");
    }

    @Test
    void theAgentPrincipalWritesSnapshotsResultsAndDeadLetters() throws Exception {
        for (String topic : List.of(Topics.SNAPSHOTS, Topics.COMMAND_RESULTS, Topics.STRESS_RESULTS,
                Topics.DEAD_LETTERS)) {
            assertEquals(topic, send(agent, topic, "from an agent").topic());
        }
    }

    @Test
    void theControlPlanePrincipalCommandsAndTheAgentReadsItsPartitionWithItsOwnGroup() throws Exception {
        String command = "command-" + UUID.randomUUID();
        send(controlPlane, Topics.COMMANDS, command);

        TopicPartition mine = new TopicPartition(Topics.COMMANDS, CommandRouting.partitionFor(HOST, PARTITIONS));
        try (KafkaConsumer<String, byte[]> consumer = consumer(agent, Topics.AGENT_GROUP_PREFIX + HOST)) {
            consumer.assign(List.of(mine));
            consumer.seekToBeginning(List.of(mine));
            ConsumerRecord<String, byte[]> read = pollUntil(consumer, command);
            consumer.commitSync(Map.of(mine, new OffsetAndMetadata(read.offset() + 1)), WAIT);
            assertEquals(read.offset() + 1, consumer.committed(Set.of(mine), WAIT).get(mine).offset());
        }
    }

    @Test
    void theAgentPrincipalReadsNoOtherTopicAndUsesNoOtherGroup() {
        try (KafkaConsumer<String, byte[]> snapshots = consumer(agent, null)) {
            snapshots.assign(List.of(new TopicPartition(Topics.SNAPSHOTS, 0)));
            assertThrows(TopicAuthorizationException.class, () -> snapshots.poll(WAIT),
                    "an agent reads no other host's snapshots");
        }
        try (KafkaConsumer<String, byte[]> commands = consumer(agent, FleetAcls.CONTROL_PLANE_GROUP)) {
            commands.assign(List.of(new TopicPartition(Topics.COMMANDS, 0)));
            assertThrows(GroupAuthorizationException.class, () -> commands.poll(WAIT),
                    "an agent moves no other group's position");
        }
    }

    @Test
    void theControlPlanePrincipalCannotPoseAsAHost() throws Exception {
        Throwable refused = sendFailure(controlPlane, Topics.SNAPSHOTS, "not a host");
        assertInstanceOf(TopicAuthorizationException.class, refused, refused.toString());
    }

    /**
     * The app's own settings, in their environment form, with the agent principal's ACLs: its snapshots arrive, and
     * a command the control plane's principal sends is read and answered.
     */
    @Test
    void aHostAgentLoggedInAsTheAgentPrincipalSendsSnapshotsAndAnswersCommands() throws Exception {
        Path state = Files.createTempDirectory("tcpfleet-acl-agent-");
        KeyPair keys = CommandSignatures.generateKeys();
        Map<String, String> environment = new HashMap<>();
        agent.clientSettings("kafka.").forEach((key, value) -> environment.put(environmentName(key), value));
        try (AppProcess app = AppProcess.start("agent-acl", "host-agent", Map.of(
                "kafka.bootstrap.servers", broker.bootstrapServers(),
                "tcpfleet.agent.host-id", HOST,
                "tcpfleet.agent.interval", "1s",
                "tcpfleet.agent.state-dir", state.toString(),
                "tcpfleet.agent.sysctl-files-root", state.resolve("root").toString(),
                "tcpfleet.agent.command-public-key", CommandSignatures.encode(keys.getPublic())),
                environment, List.of(), List.of()).awaitReady(TestFleet.START)) {
            TopicRecords.awaitFirst(broker.adminSettings(), Topics.SNAPSHOTS, record -> HOST.equals(record.key()));

            String commandId = "cmd-" + UUID.randomUUID();
            Instant now = Instant.now();
            TuningCommand dryRun = new TuningCommand(TuningCommand.SCHEMA_VERSION, commandId, HOST,
                    TuningCommand.Action.APPLY, "acl-test", 1, Map.of("net.core.somaxconn", "8190"), true, 0, null,
                    now, now.plus(Duration.ofMinutes(5)));
            send(controlPlane, Topics.COMMANDS, ProtocolJson.write(CommandSignatures.sign(dryRun, keys.getPrivate())));
            TuningResult result = ProtocolJson.readTuningResult(TopicRecords.awaitFirst(broker.adminSettings(),
                    Topics.COMMAND_RESULTS, record -> HOST.equals(record.key())
                            && ProtocolJson.readTuningResult(record.value()).commandId().equals(commandId)).value());
            assertEquals(TuningOutcome.PLANNED, result.outcome(), result.toString());
        } finally {
            KafkaBrokerProcess.deleteRecursively(state);
        }
    }

    /** {@code kafka.sasl.jaas.config} as the environment gives it, {@code KAFKA_SASL_JAAS_CONFIG}. */
    private static String environmentName(String property) {
        return property.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private static RecordMetadata send(SaslUser user, String topic, String value)
            throws Exception {
        return send(user, topic, value.getBytes(StandardCharsets.UTF_8));
    }

    private static RecordMetadata send(SaslUser user, String topic, byte[] value)
            throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings(user,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000), new StringSerializer(), new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(topic, HOST, value)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** Why the broker refused a send, failing if it took it. */
    private static Throwable sendFailure(SaslUser user, String topic, String value) throws Exception {
        ExecutionException refused = assertThrows(ExecutionException.class, () -> send(user, topic, value),
                user.name() + " wrote to " + topic);
        return refused.getCause();
    }

    /** A consumer in {@code group}, or in none (null): then only the topic's ACLs are asked. */
    private static KafkaConsumer<String, byte[]> consumer(SaslUser user, String group) {
        Map<String, Object> settings = settings(user, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        if (group != null) {
            settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        return new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static Map<String, Object> settings(SaslUser user, String key, Object value) {
        Map<String, Object> settings = new HashMap<>(user.clientSettings(""));
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        settings.put(key, value);
        return settings;
    }

    private static ConsumerRecord<String, byte[]> pollUntil(KafkaConsumer<String, byte[]> consumer, String value) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (value.equals(text(record))) {
                    return record;
                }
            }
        }
        throw new AssertionError(value + " was not read within " + WAIT);
    }

    private static String text(ConsumerRecord<String, byte[]> record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }
}
