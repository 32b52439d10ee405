package dev.tcpfleet.agent.commands;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpfleet.agent.identity.HostKeyFile;
import dev.tcpfleet.protocol.HostIdentity;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.protocol.TuningOutcome;
import dev.tcpfleet.protocol.TuningResult;
import dev.tcpfleet.protocol.commands.CommandIds;
import dev.tcpfleet.protocol.commands.CommandSignatures;
import dev.tcpfleet.protocol.commands.SignedCommand;
import dev.tcpfleet.protocol.commands.TuningCommand;
import dev.tcpfleet.protocol.identity.HostKeys;
import dev.tcpfleet.protocol.identity.HostSeal;
import dev.tcpfleet.testing.KafkaBrokerProcess;
import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.TopicRecords;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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
    static final String SOMAXCONN = "net.core.somaxconn";

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

    @Inject
    MeterRegistry registry;

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
        return apply(commandId, Map.of(SOMAXCONN, somaxconn));
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
        send(List.of(message));
    }

    private void send(List<byte[]> messages) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            messages.forEach(message -> producer.send(new ProducerRecord<>(Topics.COMMANDS, identity.hostId(),
                    message)));
        }
    }

    /**
     * Results of the commands named, or of refused ones (which carry no id) since {@code since}; other tests' results
     * are skipped.
     */
    private List<TuningResult> results(Instant since, int count, String... commandIds) {
        return TopicRecords.await(broker.bootstrapServers(), Topics.COMMAND_RESULTS, record -> {
            TuningResult result = result(record);
            return result.commandId() == null ? !result.finishedAt().isBefore(since)
                    : List.of(commandIds).contains(result.commandId());
        }, count).stream().map(CommandListenerTest::result).toList();
    }

    private static TuningResult result(ConsumerRecord<String, byte[]> record) {
        return ProtocolJson.readTuningResult(record.value());
    }

    @Test
    void signedCommandsAreAppliedOnceAndForgedOnesDroppedUnansweredAndCounted() throws IOException {
        PrivateKey controlPlane = CommandSignatures.privateKey(PRIVATE_KEY);
        PrivateKey stranger = CommandSignatures.generateKeys().getPrivate();
        String commandId = "cmd-" + UUID.randomUUID();
        SignedCommand genuine = CommandSignatures.sign(apply(commandId, "8192"), controlPlane);
        double forgedBefore = refused("bad_signature");
        double appliedBefore = answered("apply", "applied");

        Instant since = Instant.now();
        send(genuine, CommandSignatures.sign(apply("cmd-forged", "1"), stranger), genuine);
        List<TuningResult> results = results(since, 2, commandId);
        // each answer sent counts, the redelivery's too; the forged command is no command
        await().atMost(Duration.ofSeconds(10)).until(() -> answered("apply", "applied") == appliedBefore + 2);

        assertEquals(TuningOutcome.APPLIED, results.get(0).outcome(), results.get(0).toString());
        assertEquals(commandId, results.get(0).commandId());
        assertEquals(results.get(0), results.get(1), "the redelivery answers with the first result");
        assertEquals(forgedBefore + 1, refused("bad_signature"));
        assertEquals(List.of(), refusalsSince(since), "a forged command is not answered");
        assertEquals("8192", Files.readString(ROOT.resolve("proc/sys/net/core/somaxconn")).strip());
    }

    @Test
    void aBurstOfForgedMessagesIsDroppedAndCountedAndTheGenuineCommandBehindItIsApplied() {
        PrivateKey stranger = CommandSignatures.generateKeys().getPrivate();
        int forged = 2_000;
        int garbage = 500;
        double badSignatures = refused("bad_signature");
        double unreadable = refused("unreadable");
        String good = "cmd-" + UUID.randomUUID();
        Instant since = Instant.now();

        List<byte[]> burst = new ArrayList<>();
        for (int i = 0; i < forged + garbage; i++) {
            burst.add(i % 5 == 4 ? bytes("{\"payload\": " + i)
                    : ProtocolJson.write(CommandSignatures.sign(apply("cmd-forged-" + i, "1"), stranger)));
        }
        burst.add(ProtocolJson.write(CommandSignatures.sign(apply(good, "8193"), CommandSignatures.privateKey(
                PRIVATE_KEY))));
        send(burst);

        TuningResult applied = result(TopicRecords.awaitFirst(broker.bootstrapServers(), Topics.COMMAND_RESULTS,
                record -> good.equals(result(record).commandId())));
        assertEquals(TuningOutcome.APPLIED, applied.outcome(), applied.toString());
        // handled in order: every message before the genuine one was refused when its result was sent
        assertEquals(badSignatures + forged, refused("bad_signature"));
        assertEquals(unreadable + garbage, refused("unreadable"));
        assertEquals(List.of(), refusalsSince(since), "no forged message is answered");
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("tcpfleet_agent_commands_refused_total{reason=\"bad_signature\",}"));
    }

    /** How many command messages the agent refused for {@code reason} so far. */
    private double refused(String reason) {
        Counter counter = registry.find(CommandRefusals.METRIC).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    /** tcpfleet_agent_commands_total: the answers sent for commands of {@code kind} with {@code outcome}. */
    private double answered(String kind, String outcome) {
        Counter counter = registry.find("tcpfleet.agent.commands").tags("kind", kind, "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Refusals answered since {@code since}, of any test. */
    private List<TuningResult> refusalsSince(Instant since) {
        return TopicRecords.all(broker.bootstrapServers(), Topics.COMMAND_RESULTS).stream()
                .map(CommandListenerTest::result)
                .filter(r -> r.outcome() == TuningOutcome.REJECTED && !r.finishedAt().isBefore(since)).toList();
    }

    @Test
    void resultsAreSealedWithThisHostsKey() {
        String commandId = "cmd-" + UUID.randomUUID();
        send(CommandSignatures.sign(apply(commandId, "4096"), CommandSignatures.privateKey(PRIVATE_KEY)));
        ConsumerRecord<String, byte[]> answer = TopicRecords.awaitFirst(broker.bootstrapServers(),
                Topics.COMMAND_RESULTS, record -> commandId.equals(result(record).commandId()));

        byte[] hostKey = HostKeyFile.load(ROOT.resolve("state")).publicKey();
        byte[] agreed = HostKeys.agreedByControlPlane(CommandSignatures.privateKey(PRIVATE_KEY), hostKey,
                identity.hostId());
        assertArrayEquals(hostKey, answer.headers().lastHeader(HostSeal.PUBLIC_KEY_HEADER).value());
        assertTrue(HostSeal.verify(agreed, answer.value(), answer.headers().lastHeader(HostSeal.MAC_HEADER).value()));
    }

    /**
     * How the agent must answer a hostile message: drop it unanswered when anyone could have sent it (counted, the
     * reason the metric's tag), set a genuine one it cannot read aside, or refuse a genuine one with a result.
     */
    enum Answer { DROPPED, DEAD_LETTER, REJECTED }

    /**
     * One hostile message, made by {@code message} from this test's signing key and host; the dead letter's reason,
     * the refusal's reasons or the dropped message's metric tag must contain {@code reason}, and {@code key} when set.
     * {@code watched}, when set, is a file (from /proc/sys) the command aims at, which must stay untouched.
     */
    record Hostile(String kind, Answer answer, String reason, String key, String watched,
            Function<CommandListenerTest, byte[]> message) {
        @Override
        public String toString() {
            return answer + " | " + kind;
        }
    }

    private static final String ESCAPE = "../../../../../../tmp/tcpfleet-escaped";

    static Stream<Hostile> hostileMessages() {
        return Stream.of(
                dropped("malformed JSON", "unreadable", test -> bytes("{\"payload\": ")),
                dropped("an empty message", "unreadable", test -> new byte[0]),
                dropped("a snapshot", "unsigned",
                        test -> ProtocolJson.write(HostSnapshot.ofStates(test.identity, Instant.now(), 1, Map.of()))),
                dropped("a signature that is not base64", "unsigned",
                        test -> bytes("{\"payload\": \"e30=\", \"signature\": \"!!\"}")),
                dead("newer version", "unsupported schemaVersion 2", test -> test.signed(new TuningCommand(2, "cmd-newer",
                        test.identity.hostId(), TuningCommand.Action.APPLY, "test", 1, Map.of(SOMAXCONN, "1"), false,
                        0, null, Instant.now(), Instant.now().plus(Duration.ofMinutes(5))))),
                dead("signed, settings a string", "signed but unreadable", test -> test.signedJson(json -> json
                        .put("settings", "net.core.somaxconn=1"))),
                dead("signed, an unknown action", "signed but unreadable", test -> test.signedJson(json -> json
                        .put("action", "REBOOT"))),
                rejected("key ../ out of /proc/sys", ESCAPE, "not a sysctl name", ESCAPE),
                rejected("key net/ipv4/../../", "net/ipv4/../../" + ESCAPE, "not a sysctl name",
                        "net/ipv4/../../" + ESCAPE),
                rejected("an absolute key", "/tmp/tcpfleet-escaped", "not a sysctl name", "/tmp/tcpfleet-escaped"),
                // written raw: the contract's own writer would have made the NUL a U+FFFD
                new Hostile("a key with a NUL", Answer.REJECTED, "not a sysctl name", SOMAXCONN + "\uFFFD", null,
                        test -> test.signedJson(json -> json.putObject("settings").put(SOMAXCONN + "\u0000", "4096"))),
                rejected("a key outside net.*", "kernel.core_pattern", "outside TCP tuning scope", "kernel/core_pattern"),
                rejectedValue("a newline-injected value", "4096\nkernel.core_pattern=|/tmp/x", "values are data"),
                rejectedValue("a NUL in a value", "4096\u0000", "values are data"),
                rejectedValue("a huge value", "99999999999999999999999", "must be between"),
                rejectedValue("a negative value", "-1", "must be between"),
                badId("a command id with a path in it", "../../../tmp/tcpfleet-escaped"),
                // a dot-file: the journal's listing skips those, so its apply would never be reverted or recovered
                badId("a command id that would be a dot-file", ".cmd-hidden"),
                badId("a command id with a dash first", "-cmd"),
                badId("a command id of 129 characters", "c".repeat(129)),
                new Hostile("addressed to another host", Answer.REJECTED, "addressed to host", null, null,
                        test -> test.signed(test.command("cmd-" + UUID.randomUUID(), "another-host", Map.of(SOMAXCONN,
                                "4096"), Instant.now()))),
                new Hostile("expired", Answer.REJECTED, "expired at", null, null, test -> test.signed(test.command(
                        "cmd-" + UUID.randomUUID(), test.identity.hostId(), Map.of(SOMAXCONN, "4096"),
                        Instant.now().minus(Duration.ofHours(1))))),
                dropped("signed by a stranger", "bad_signature",
                        test -> ProtocolJson.write(CommandSignatures.sign(test.apply("cmd-" + UUID.randomUUID(),
                                Map.of(SOMAXCONN, "4096")), CommandSignatures.generateKeys().getPrivate()))),
                dropped("a genuine command's signature on a tampered payload", "bad_signature", test -> {
                    SignedCommand genuine = CommandSignatures.sign(test.apply("cmd-" + UUID.randomUUID(),
                            Map.of(SOMAXCONN, "4096")), CommandSignatures.privateKey(PRIVATE_KEY));
                    String json = new String(Base64.getDecoder().decode(genuine.payload()), StandardCharsets.UTF_8)
                            .replace("4096", "1");
                    return ProtocolJson.write(new SignedCommand(Base64.getEncoder().encodeToString(
                            bytes(json)), genuine.signature()));
                }));
    }

    private static Hostile dropped(String kind, String reason, Function<CommandListenerTest, byte[]> message) {
        return new Hostile(kind, Answer.DROPPED, reason, null, null, message);
    }

    /** A genuine apply whose id is outside the pattern: refused by reason, its id not echoed as trusted. */
    private static Hostile badId(String kind, String commandId) {
        return new Hostile(kind, Answer.REJECTED, "command id must match " + CommandIds.PATTERN, null, null,
                test -> test.signedJson(json -> json.put("commandId", commandId)));
    }

    private static Hostile dead(String kind, String reason, Function<CommandListenerTest, byte[]> message) {
        return new Hostile(kind, Answer.DEAD_LETTER, reason, null, null, message);
    }

    /** A validly signed apply of {@code key}: the agent must refuse it by name and write nowhere. */
    private static Hostile rejected(String kind, String key, String reason, String watched) {
        return new Hostile(kind, Answer.REJECTED, reason, key, watched,
                test -> test.signed(test.apply("cmd-" + UUID.randomUUID(), Map.of(key, "4096"))));
    }

    private static Hostile rejectedValue(String kind, String value, String reason) {
        return new Hostile(kind, Answer.REJECTED, reason, SOMAXCONN, null,
                test -> test.signed(test.apply("cmd-" + UUID.randomUUID(), Map.of(SOMAXCONN, value))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileMessages")
    void aHostileMessageIsDroppedSetAsideOrRefusedWithItsReasonChangesNothingAndTheNextCommandIsApplied(Hostile hostile)
            throws IOException {
        Instant since = Instant.now();
        byte[] bad = hostile.message().apply(this);
        Path watched = hostile.watched() == null ? null
                : ROOT.toAbsolutePath().resolve("proc/sys").resolve(hostile.watched()).normalize();
        String before = watched == null ? null : state(watched);
        String somaxconn = Files.readString(ROOT.resolve("proc/sys/net/core/somaxconn")).strip();
        String next = String.valueOf(Integer.parseInt(somaxconn) + 1);
        String good = "cmd-" + UUID.randomUUID();

        double refusedBefore = refused(hostile.reason());

        send(bad);
        send(CommandSignatures.sign(apply(good, next), CommandSignatures.privateKey(PRIVATE_KEY)));

        if (hostile.answer() == Answer.DROPPED) {
            TopicRecords.awaitFirst(broker.bootstrapServers(), Topics.COMMAND_RESULTS,
                    record -> good.equals(result(record).commandId()));
            assertEquals(refusedBefore + 1, refused(hostile.reason()), "counted under " + hostile.reason());
            assertEquals(List.of(), refusalsSince(since), "answered nothing");
            assertTrue(TopicRecords.all(broker.bootstrapServers(), Topics.DEAD_LETTERS).stream()
                    .noneMatch(record -> Arrays.equals(bad, record.value())), "no dead letter either");
        } else if (hostile.answer() == Answer.DEAD_LETTER) {
            ConsumerRecord<String, byte[]> dead = TopicRecords.awaitFirst(broker.bootstrapServers(),
                    Topics.DEAD_LETTERS, record -> Arrays.equals(bad, record.value()));
            String header = new String(dead.headers().lastHeader(Topics.DEAD_LETTER_REASON).value(),
                    StandardCharsets.UTF_8);
            assertTrue(header.contains(hostile.reason()), header);
            assertEquals(identity.hostId(), dead.key());
        } else {
            TuningResult refusal = result(TopicRecords.awaitFirst(broker.bootstrapServers(), Topics.COMMAND_RESULTS,
                    record -> refuses(result(record), since, hostile)));
            assertTrue(refusal.changes().stream().allMatch(change -> change.after() == null), refusal.toString());
        }
        assertEquals(TuningOutcome.APPLIED, result(TopicRecords.awaitFirst(broker.bootstrapServers(),
                Topics.COMMAND_RESULTS, record -> good.equals(result(record).commandId()))).outcome());
        assertEquals(next, Files.readString(ROOT.resolve("proc/sys/net/core/somaxconn")).strip());
        if (watched != null) {
            assertEquals(before, state(watched), "the agent touched " + watched);
        }
    }

    /** Whether {@code result} is this case's refusal: earlier cases' refusals finished before it began. */
    private static boolean refuses(TuningResult result, Instant since, Hostile hostile) {
        String reasons = String.join("\n", result.reasons());
        return result.outcome() == TuningOutcome.REJECTED && !result.finishedAt().isBefore(since)
                && reasons.contains(hostile.reason()) && (hostile.key() == null || reasons.contains(hostile.key()));
    }

    /** Whether a file exists, and if so its size and time: enough to see that nothing wrote it. */
    private static String state(Path file) throws IOException {
        return Files.exists(file) ? Files.size(file) + "@" + Files.getLastModifiedTime(file) : "absent";
    }

    private TuningCommand command(String commandId, String hostId, Map<String, String> settings, Instant issuedAt) {
        return new TuningCommand(TuningCommand.SCHEMA_VERSION, commandId, hostId, TuningCommand.Action.APPLY, "test",
                1, settings, false, 0, null, issuedAt, issuedAt.plus(Duration.ofMinutes(5)));
    }

    private TuningCommand apply(String commandId, Map<String, String> settings) {
        return command(commandId, identity.hostId(), settings, Instant.now());
    }

    private byte[] signed(TuningCommand command) {
        return ProtocolJson.write(CommandSignatures.sign(command, CommandSignatures.privateKey(PRIVATE_KEY)));
    }

    /** A good apply with {@code change} made to its JSON, then signed: the control plane's key vouches for it. */
    private byte[] signedJson(Consumer<ObjectNode> change) {
        try {
            ObjectNode json = (ObjectNode) ProtocolJson.mapper().readTree(ProtocolJson.write(
                    apply("cmd-" + UUID.randomUUID(), Map.of(SOMAXCONN, "4096"))));
            change.accept(json);
            byte[] payload = ProtocolJson.mapper().writeValueAsBytes(json);
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(CommandSignatures.privateKey(PRIVATE_KEY));
            signer.update(payload);
            return ProtocolJson.write(new SignedCommand(Base64.getEncoder().encodeToString(payload),
                    Base64.getEncoder().encodeToString(signer.sign())));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
