package dev.tcpfleet.controlplane.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpfleet.controlplane.SnapshotMessages;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.protocol.TuningOutcome;
import dev.tcpfleet.protocol.TuningResult;
import dev.tcpfleet.protocol.identity.HostSeal;
import dev.tcpfleet.protocol.stress.StressReport;
import dev.tcpfleet.protocol.stress.StressRequest;
import dev.tcpfleet.protocol.stress.StressResult;
import dev.tcpfleet.testing.KafkaBrokerProcess;
import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.PostgresTestResource;
import dev.tcpfleet.testing.TopicRecords;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every incoming topic of the control plane, given what it cannot read or must not keep (issue 8: wrong types, missing
 * fields, unknown enums, injection and NULs in ids, labels and texts; issue 21: messages that do not come from the
 * enrolled host they name): the message goes to the dead letters with its reason, and the good message behind it on
 * the same partition is still taken in, and only it.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class DeadLetterTest {
    KafkaBrokerProcess broker;

    @Inject
    MeterRegistry registry;

    private static final String SQL = "x'; DROP TABLE hosts; --";
    private static final String SCRIPT = "<script>alert(1)</script>";

    /**
     * One message the consumers of {@code topic} must refuse: {@code bad} makes it from a good message of the topic;
     * the dead letter's reason must contain {@code reason}. {@code sent} puts it on the topic: sealed by its host by
     * default, else unsealed or forged.
     */
    record Hostile(String topic, String kind, String reason, BiFunction<byte[], String, byte[]> bad, Delivery sent) {
        Hostile(String topic, String kind, String reason, BiFunction<byte[], String, byte[]> bad) {
            this(topic, kind, reason, bad, (messages, host, good, message) -> messages.send(topic, host, message));
        }

        @Override
        public String toString() {
            return topic + " | " + kind;
        }
    }

    /** How a hostile message is put on its topic, beside the good one of its host. */
    interface Delivery {
        void send(SnapshotMessages messages, String host, byte[] good, byte[] bad);
    }

    /**
     * Host authentication's refusals, on each topic: the message is well formed, but does not come from the enrolled
     * host it names (the good one behind it does, and enrols its host with the enrol secret).
     */
    static Stream<Hostile> unauthenticated(String topic) {
        return Stream.of(
                new Hostile(topic, "unsealed", "unsealed", (good, host) -> changed(good),
                        (messages, host, good, bad) -> messages.sendWith(topic, host, bad, List.of())),
                new Hostile(topic, "sealed for its record key, naming another host", "host id",
                        edit(json -> renameHost(topic, json))),
                new Hostile(topic, "changed after it was sealed", "bad mac", (good, host) -> good,
                        (messages, host, good, bad) -> messages.sendWith(topic, host, changed(bad),
                                SnapshotMessages.sealer(host).headers(bad))),
                new Hostile(topic, "its host's key without the enrol secret", "pending", (good, host) -> changed(good),
                        (messages, host, good, bad) -> messages.sendWith(topic, host, bad, withoutEnrolProof(
                                SnapshotMessages.sealer(host).headers(bad)))));
    }

    private static void renameHost(String topic, ObjectNode json) {
        ObjectNode holder = topic.equals(Topics.SNAPSHOTS) ? object(json, "host") : json;
        holder.put("hostId", holder.get("hostId").asText() + "-impostor");
    }

    /**
     * The same JSON with a byte of whitespace more: the MAC covers the bytes, not the meaning, and the dead letter
     * is told from the good message by them.
     */
    private static byte[] changed(byte[] message) {
        byte[] longer = Arrays.copyOf(message, message.length + 1);
        longer[message.length] = ' ';
        return longer;
    }

    private static List<HostSeal.Header> withoutEnrolProof(List<HostSeal.Header> headers) {
        return headers.stream().filter(header -> !header.name().equals(HostSeal.ENROL_HEADER)).toList();
    }

    static Stream<Hostile> hostileMessages() {
        return Stream.of(
                // every topic: not JSON, a version from the future, another topic's message
                Stream.of(Topics.SNAPSHOTS, Topics.COMMAND_RESULTS, Topics.STRESS_RESULTS).flatMap(topic -> Stream.of(
                        new Hostile(topic, "malformed JSON", topic.equals(Topics.SNAPSHOTS) ? "HostSnapshot"
                                : topic.equals(Topics.COMMAND_RESULTS) ? "TuningResult" : "StressReport",
                                (good, host) -> Arrays.copyOf(good, good.length / 2)),
                        new Hostile(topic, "newer version", "unsupported schemaVersion 2",
                                edit(json -> json.put("schemaVersion", 2))),
                        new Hostile(topic, "another topic's message", topic.equals(Topics.SNAPSHOTS) ? "HostSnapshot"
                                : topic.equals(Topics.COMMAND_RESULTS) ? "hostId and outcome are required"
                                : "commandId, hostId and result are required", (good, host) -> good(
                                topic.equals(Topics.SNAPSHOTS) ? Topics.COMMAND_RESULTS : Topics.SNAPSHOTS, host,
                                Instant.now().truncatedTo(ChronoUnit.MICROS))))),
                Stream.of(
                        snapshot("no host", "host", json -> json.remove("host")),
                        snapshot("a word for collectedAt", "collectedAt", json -> json.put("collectedAt", "yesterday")),
                        snapshot("a year no host is in", "field 'collectedAt'",
                                json -> json.put("collectedAt", "+300000-01-01T00:00:00Z")),
                        snapshot("the last instant Java has", "field 'collectedAt'",
                                json -> json.put("collectedAt", Instant.MAX.toString())),
                        snapshot("before 1970", "field 'collectedAt'",
                                json -> json.put("collectedAt", "1969-12-31T23:59:59Z")),
                        snapshot("unknown TCP state", "tcpStates", json -> object(json, "tcpStates").put("SYN_FLOOD", 1)),
                        // read fine, refused by PostgreSQL's types: retried, it would stop the partition for ever
                        snapshot("a number jsonb cannot hold, in a field of a later version", "PostgreSQL refused it",
                                json -> json.put("fromALaterVersion", new BigDecimal("1e1000000"))),
                        snapshot("SQL in the host id", "hostId", json -> object(json, "host").put("hostId", SQL)),
                        snapshot("a NUL in the host id", "hostId", json -> object(json, "host").put("hostId", "a\u0000b")),
                        snapshot("a NUL in a label", "labels",
                                json -> object(object(json, "host"), "labels").put("env", "a\u0000b")),
                        snapshot("a script for a label key", "labels",
                                json -> object(object(json, "host"), "labels").put(SCRIPT, "x")),
                        snapshot("a 100,000-character hostname", "hostname",
                                json -> object(json, "host").put("hostname", "h".repeat(100_000))),
                        result("no outcome", "outcome", json -> json.remove("outcome")),
                        result("unknown outcome", "outcome", json -> json.put("outcome", "EXPLODED")),
                        result("a word for finishedAt", "finishedAt", json -> json.put("finishedAt", "soon")),
                        result("a string for the changes", "changes", json -> json.put("changes", "lots")),
                        result("SQL in the host id", "hostId", json -> json.put("hostId", SQL)),
                        result("a NUL in a reason", "reasons", json -> json.putArray("reasons").add("a\u0000b")),
                        stress("no result", "result", json -> json.remove("result")),
                        stress("unknown kind", "kind", json -> object(json, "result").put("kind", "SYN_FLOOD")),
                        stress("SQL in the host id", "hostId", json -> json.put("hostId", SQL)),
                        stress("a NUL in the refusal", "refusal", json -> object(json, "result").put("refusal", "a\u0000b"))),
                Stream.of(Topics.SNAPSHOTS, Topics.COMMAND_RESULTS, Topics.STRESS_RESULTS)
                        .flatMap(DeadLetterTest::unauthenticated),
                Stream.of(snapshot("collected in 2099", "clock", json -> json.put("collectedAt", "2099-01-01T00:00:00Z"))))
                .flatMap(cases -> cases);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileMessages")
    void whatCannotBeReadIsSetAsideWithItsReasonAndTheNextMessageIsTakenIn(Hostile hostile) {
        String host = "dead-letter-" + UUID.randomUUID();
        byte[] good = good(hostile.topic(), host, Instant.now().truncatedTo(ChronoUnit.MICROS));
        byte[] bad = hostile.bad().apply(good, host);
        double takenBefore = taken(hostile.topic());

        try (SnapshotMessages messages = new SnapshotMessages(broker)) {
            hostile.sent().send(messages, host, good, bad);
            messages.send(hostile.topic(), host, good);
        }

        ConsumerRecord<String, byte[]> dead = TopicRecords.awaitFirst(broker.bootstrapServers(), Topics.DEAD_LETTERS,
                record -> host.equals(record.key()) && !Arrays.equals(good, record.value()));
        String header = new String(dead.headers().lastHeader(Topics.DEAD_LETTER_REASON).value(), StandardCharsets.UTF_8);
        assertTrue(header.contains(hostile.reason()), header);
        assertEquals(host, dead.key());
        // same key, same partition: the good message is behind the bad one, and only it is taken in
        await().atMost(Duration.ofSeconds(60)).until(() -> taken(hostile.topic()) == takenBefore + 1);
    }

    private static Hostile snapshot(String kind, String reason, Consumer<ObjectNode> change) {
        return new Hostile(Topics.SNAPSHOTS, kind, reason, edit(change));
    }

    private static Hostile result(String kind, String reason, Consumer<ObjectNode> change) {
        return new Hostile(Topics.COMMAND_RESULTS, kind, reason, edit(change));
    }

    private static Hostile stress(String kind, String reason, Consumer<ObjectNode> change) {
        return new Hostile(Topics.STRESS_RESULTS, kind, reason, edit(change));
    }

    /** The good message with {@code change} made to its JSON. */
    private static BiFunction<byte[], String, byte[]> edit(Consumer<ObjectNode> change) {
        return (good, host) -> {
            try {
                ObjectNode json = (ObjectNode) ProtocolJson.mapper().readTree(good);
                change.accept(json);
                return ProtocolJson.mapper().writeValueAsBytes(json);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private static ObjectNode object(ObjectNode json, String field) {
        return (ObjectNode) json.get(field);
    }

    /** A valid message of {@code topic}; results answer nothing of ours, which the consumers count. */
    private static byte[] good(String topic, String host, Instant at) {
        return switch (topic) {
            case Topics.SNAPSHOTS -> ProtocolJson.write(SnapshotMessages.snapshot(host, at, Map.of(), 1));
            case Topics.COMMAND_RESULTS -> ProtocolJson.write(new TuningResult("no-such-command", host,
                    TuningOutcome.APPLIED, List.of(), null, List.of(), List.of(), at, null));
            case Topics.STRESS_RESULTS -> ProtocolJson.write(new StressReport(StressRequest.SCHEMA_VERSION,
                    "no-such-command", host, StressResult.refused(
                    StressRequest.latencyProbe("no-such-campaign", "127.0.0.1", 9, 1, 1, 1000, 1000), "test", at)));
            default -> throw new IllegalArgumentException(topic);
        };
    }

    /** How many good messages of {@code topic} the control plane has taken in. */
    private double taken(String topic) {
        String counter = switch (topic) {
            case Topics.SNAPSHOTS -> "tcpfleet.snapshots.stored";
            case Topics.COMMAND_RESULTS -> "tcpfleet.commands.results.unmatched";
            case Topics.STRESS_RESULTS -> "tcpfleet.campaigns.results.unmatched";
            default -> throw new IllegalArgumentException(topic);
        };
        return registry.counter(counter).count();
    }
}
