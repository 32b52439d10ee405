package dev.tcpfleet.agent.commands;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.protocol.HostIdentity;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.protocol.TuningOutcome;
import dev.tcpfleet.protocol.TuningResult;
import dev.tcpfleet.protocol.commands.CommandSignatures;
import dev.tcpfleet.protocol.commands.SignedCommand;
import dev.tcpfleet.protocol.commands.TuningCommand;
import dev.tcpfleet.testing.KafkaBrokerProcess;
import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.TopicRecords;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Signed commands through a real broker into the agent and results back out. Sysctls are written to a
 * folder standing in for /proc/sys here; TuneOnRealKernelIT proves the engine on real kernels.
 */
@QuarkusTest
@TestProfile(CommandListenerTest.Keys.class)
@QuarkusTestResource(value = KafkaBrokerTestResource.class, restrictToAnnotatedClass = true)
class CommandListenerTest {
    // a key pair for this test only
    static final String PRIVATE_KEY = "MC4CAQAwBQYDK2VwBCIEIM5JBPahqzKJHcV3cOujQgxDZR97EL6oX0dfo4nQpucd";
    static final String PUBLIC_KEY = "MCowBQYDK2VwAyEA6uWKGz6l9EOW2AzofepaQ+bPeE7YJ+0ayQ68CViCQMY=";
    static final Path ROOT = Path.of("target/command-listener-test");

    public static class Keys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tcpfleet.agent.command-public-key", PUBLIC_KEY,
                    "tcpfleet.agent.proc-sys-root", ROOT.resolve("proc/sys").toString(),
                    "tcpfleet.agent.sysctl-files-root", ROOT.toString(),
                    "tcpfleet.agent.state-dir", ROOT.resolve("state").toString());
        }
    }

    KafkaBrokerProcess broker;

    @Inject
    HostIdentity identity;

    @BeforeAll
    static void kernel() throws IOException {
        deleteTuningState();
        Path somaxconn = ROOT.resolve("proc/sys/net/core/somaxconn");
        Files.createDirectories(somaxconn.getParent());
        Files.writeString(somaxconn, "4096\n");
    }

    /** An earlier run's journal would answer this run's commands with its results. */
    private static void deleteTuningState() throws IOException {
        Path journal = ROOT.resolve("state/tuning");
        if (Files.isDirectory(journal)) {
            try (var files = Files.list(journal)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    private TuningCommand apply(String commandId, String somaxconn) {
        Instant now = Instant.now();
        return new TuningCommand(TuningCommand.SCHEMA_VERSION, commandId, identity.hostId(),
                TuningCommand.Action.APPLY, "test", 1, Map.of("net.core.somaxconn", somaxconn), false, 0, null, now,
                now.plus(Duration.ofMinutes(5)));
    }

    private void send(SignedCommand... commands) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            for (SignedCommand command : commands) {
                producer.send(new ProducerRecord<>(Topics.COMMANDS, identity.hostId(), ProtocolJson.write(command)));
            }
        }
    }

    private void send(byte[] message) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.COMMANDS, identity.hostId(), message));
        }
    }

    /** Results of the commands named, or of refused ones (which carry no id); other tests' results are skipped. */
    private List<TuningResult> results(int count, String... commandIds) {
        return TopicRecords.await(broker.bootstrapServers(), Topics.COMMAND_RESULTS, record -> {
            String id = result(record).commandId();
            return id == null || List.of(commandIds).contains(id);
        }, count).stream().map(CommandListenerTest::result).toList();
    }

    private static TuningResult result(ConsumerRecord<String, byte[]> record) {
        return ProtocolJson.readTuningResult(record.value());
    }

    @Test
    void signedCommandsAreAppliedOnceAndForgedOnesRejected() throws IOException {
        PrivateKey controlPlane = CommandSignatures.privateKey(PRIVATE_KEY);
        PrivateKey stranger = CommandSignatures.generateKeys().getPrivate();
        String commandId = "cmd-" + UUID.randomUUID();
        SignedCommand genuine = CommandSignatures.sign(apply(commandId, "8192"), controlPlane);

        send(genuine, CommandSignatures.sign(apply("cmd-forged", "1"), stranger), genuine);
        List<TuningResult> results = results(3, commandId);

        assertEquals(TuningOutcome.APPLIED, results.get(0).outcome(), results.get(0).toString());
        assertEquals(commandId, results.get(0).commandId());
        assertEquals(TuningOutcome.REJECTED, results.get(1).outcome());
        assertNull(results.get(1).commandId(), "a forged command's id is not trusted");
        assertTrue(results.get(1).reasons().get(0).startsWith("bad signature"), results.get(1).toString());
        assertEquals(results.get(0), results.get(2), "the redelivery answers with the first result");
        assertEquals("8192", Files.readString(ROOT.resolve("proc/sys/net/core/somaxconn")).strip());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "malformed JSON   | unreadable command          | 2048",
            "newer version    | unsupported schemaVersion 2 | 2049",
            "a snapshot       | unsigned command            | 2050"
    })
    void whatIsNoCommandIsDeadLetteredWithItsReasonAndTheNextCommandIsApplied(String kind, String reason,
            String somaxconn) throws IOException {
        PrivateKey controlPlane = CommandSignatures.privateKey(PRIVATE_KEY);
        Instant now = Instant.now();
        byte[] bad = switch (kind.strip()) {
            case "malformed JSON" -> "{\"payload\": ".getBytes(StandardCharsets.UTF_8);
            case "newer version" -> ProtocolJson.write(CommandSignatures.sign(new TuningCommand(2, "cmd-newer",
                    identity.hostId(), TuningCommand.Action.APPLY, "test", 1, Map.of("net.core.somaxconn", "1"), false,
                    0, null, now, now.plus(Duration.ofMinutes(5))), controlPlane));
            case "a snapshot" -> ProtocolJson.write(HostSnapshot.ofStates(identity, now, 1, Map.of()));
            default -> throw new IllegalArgumentException(kind);
        };
        String good = "cmd-" + UUID.randomUUID();

        send(bad);
        send(CommandSignatures.sign(apply(good, somaxconn), controlPlane));

        ConsumerRecord<String, byte[]> dead = TopicRecords.awaitFirst(broker.bootstrapServers(), Topics.DEAD_LETTERS,
                record -> Arrays.equals(bad, record.value()));
        String header = new String(dead.headers().lastHeader(Topics.DEAD_LETTER_REASON).value(), StandardCharsets.UTF_8);
        assertTrue(header.startsWith(reason), header);
        assertEquals(identity.hostId(), dead.key());
        assertEquals(TuningOutcome.APPLIED, result(TopicRecords.awaitFirst(broker.bootstrapServers(),
                Topics.COMMAND_RESULTS, record -> good.equals(result(record).commandId()))).outcome());
        assertEquals(somaxconn, Files.readString(ROOT.resolve("proc/sys/net/core/somaxconn")).strip());
    }
}
