package dev.tcpfleet.controlplane.deadletters;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.controlplane.SnapshotMessages;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.protocol.TuningOutcome;
import dev.tcpfleet.protocol.TuningResult;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every incoming topic of the control plane, given what it cannot read: the message goes to the dead letters with
 * its reason, and the good message behind it on the same partition is still taken in.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class DeadLetterTest {
    KafkaBrokerProcess broker;

    @Inject
    MeterRegistry registry;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "tcpfleet-snapshots-v1       | malformed JSON | HostSnapshot",
            "tcpfleet-snapshots-v1       | newer version  | unsupported schemaVersion 2",
            "tcpfleet-snapshots-v1       | wrong type     | HostSnapshot",
            "tcpfleet-command-results-v1 | malformed JSON | TuningResult",
            "tcpfleet-command-results-v1 | newer version  | unsupported schemaVersion 2",
            "tcpfleet-command-results-v1 | wrong type     | hostId and outcome are required",
            "tcpfleet-stress-results-v1  | malformed JSON | StressReport",
            "tcpfleet-stress-results-v1  | newer version  | unsupported schemaVersion 2",
            "tcpfleet-stress-results-v1  | wrong type     | commandId, hostId and result are required"
    })
    void whatCannotBeReadIsSetAsideWithItsReasonAndTheNextMessageIsTakenIn(String topic, String kind,
            String reason) {
        String host = "dead-letter-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        byte[] good = good(topic, host, now);
        byte[] bad = switch (kind) {
            case "malformed JSON" -> ("{\"schemaVersion\": 1, \"hostId\": \"" + host).getBytes(StandardCharsets.UTF_8);
            case "newer version" -> new String(good, StandardCharsets.UTF_8)
                    .replace("\"schemaVersion\":1", "\"schemaVersion\":2").getBytes(StandardCharsets.UTF_8);
            // each topic given a well-formed message of another topic
            case "wrong type" -> good(topic.equals(Topics.SNAPSHOTS) ? Topics.COMMAND_RESULTS : Topics.SNAPSHOTS,
                    host, now);
            default -> throw new IllegalArgumentException(kind);
        };
        double takenBefore = taken(topic);

        try (SnapshotMessages messages = new SnapshotMessages(broker)) {
            messages.send(topic, host, bad);
            messages.send(topic, host, good);
        }

        ConsumerRecord<String, byte[]> dead = TopicRecords.awaitFirst(broker.bootstrapServers(), Topics.DEAD_LETTERS,
                record -> Arrays.equals(bad, record.value()));
        String header = new String(dead.headers().lastHeader(Topics.DEAD_LETTER_REASON).value(), StandardCharsets.UTF_8);
        assertTrue(header.contains(reason), header);
        assertEquals(host, dead.key());
        // same key, same partition: the good message is behind the bad one
        await().atMost(Duration.ofSeconds(60)).until(() -> taken(topic) == takenBefore + 1);
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
