package dev.tcpfleet.controlplane;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import dev.tcpfleet.protocol.HostIdentity;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.TcpState;
import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.protocol.TuningResult;
import dev.tcpfleet.testing.KafkaBrokerProcess;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Puts messages on the real snapshot and result topics the way agents do, or any bytes on any topic. */
public final class SnapshotMessages implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;

    public SnapshotMessages(KafkaBrokerProcess broker) {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    public static HostSnapshot snapshot(String hostId, Instant collectedAt, Map<String, String> labels, int established) {
        return HostSnapshot.ofStates(
                new HostIdentity(hostId, hostId + ".example", labels, "0.1.0-test"), collectedAt, 500,
                Map.of(TcpState.ESTABLISHED, established, TcpState.LISTEN, 2));
    }

    /** Registers a host the way a real one does, by reporting, and waits until the API knows it. */
    public static void register(KafkaBrokerProcess broker, String hostId, Map<String, String> labels) {
        try (SnapshotMessages messages = new SnapshotMessages(broker)) {
            messages.send(snapshot(hostId, Instant.now().truncatedTo(ChronoUnit.MICROS), labels, 1));
        }
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> given().get("/api/hosts/{id}", hostId).then().statusCode(200));
    }

    /**
     * Reports {@code snapshot} and waits until it is stored, as the host's last sight in the API shows: every row
     * ingest writes for it (alerts, figures) is committed with it.
     */
    public static void report(KafkaBrokerProcess broker, HostSnapshot snapshot) {
        try (SnapshotMessages messages = new SnapshotMessages(broker)) {
            messages.send(snapshot);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> snapshot.collectedAt().toString().equals(
                given().get("/api/hosts/{id}", snapshot.host().hostId()).then().extract().path("lastSeen")));
    }

    public void send(HostSnapshot snapshot) {
        send(snapshot.host().hostId(), ProtocolJson.write(snapshot));
    }

    public void send(String key, byte[] value) {
        send(Topics.SNAPSHOTS, key, value);
    }

    /** Answers a command as its host's agent would. */
    public void sendResult(TuningResult result) {
        send(Topics.COMMAND_RESULTS, result.hostId(), ProtocolJson.write(result));
    }

    public void send(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + topic, e);
        }
    }

    /** A message for {@link #sendTogether}. */
    public record Keyed(String key, byte[] value) {
    }

    /** Publishes the snapshot messages at once, in order, and waits until the broker has them all. */
    public void sendTogether(List<Keyed> keyed) {
        List<Future<RecordMetadata>> sent = keyed.stream()
                .map(k -> producer.send(new ProducerRecord<>(Topics.SNAPSHOTS, k.key(), k.value()))).toList();
        try {
            for (Future<RecordMetadata> each : sent) {
                each.get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + Topics.SNAPSHOTS, e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
