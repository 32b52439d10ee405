package dev.tcpfleet.controlplane;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import dev.tcpfleet.controlplane.enrolment.Envelope;
import dev.tcpfleet.controlplane.ingest.ReceivedSnapshot;
import dev.tcpfleet.protocol.HostIdentity;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.TcpState;
import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.protocol.TuningResult;
import dev.tcpfleet.protocol.commands.CommandSignatures;
import dev.tcpfleet.protocol.identity.HostKeys;
import dev.tcpfleet.protocol.identity.HostSeal;
import dev.tcpfleet.protocol.identity.HostSealer;
import dev.tcpfleet.testing.KafkaBrokerProcess;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Puts messages on the real snapshot and result topics the way agents do, or any bytes on any topic. Every message is
 * sealed as its host's agent seals it: each host id gets a key pair of its own, kept for the test run, and proves the
 * fleet's enrol secret ({@link #ENROL_SECRET}, the test profile's), so a host enrols itself with its first message.
 * {@link #sendWith} sends a message with any headers, for unsealed and forged ones.
 */
public final class SnapshotMessages implements AutoCloseable {
    /** The public half of the test profile's tcpfleet.commands.signing-key. */
    public static final PublicKey CONTROL_PLANE_KEY =
            CommandSignatures.publicKey("MCowBQYDK2VwAyEANZTz7t2Vn35jsaaEg8gwi1p8zAyFt9RDB5ypjY8bltY=");
    /** The test profile's tcpfleet.identity.enrol-secret. */
    public static final String ENROL_SECRET = "tcpfleet-dev-and-test-only-enrol-secret";
    private static final Map<String, HostSealer> SEALERS = new ConcurrentHashMap<>();

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

    /** Sends {@code value} sealed by the host {@code key} names, as its agent would. */
    public void send(String topic, String key, byte[] value) {
        sendWith(topic, key, value, sealer(key).headers(value));
    }

    /** Sends {@code value} with exactly {@code headers}: none for an unsealed message, another's for a forged one. */
    public void sendWith(String topic, String key, byte[] value, List<HostSeal.Header> headers) {
        try {
            producer.send(record(topic, key, value, headers)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + topic, e);
        }
    }

    /**
     * {@code snapshot} as ingest receives it from its host, sealed, for tests that hand ingest a batch themselves.
     * The broker's timestamp is the collection time: those tests are about storing, whatever the time.
     */
    public static ReceivedSnapshot received(HostSnapshot snapshot) {
        String host = snapshot.host().hostId();
        byte[] value = ProtocolJson.write(snapshot);
        Map<String, byte[]> headers = new HashMap<>();
        sealer(host).headers(value).forEach(header -> headers.put(header.name(), header.value()));
        return new ReceivedSnapshot(snapshot, new Envelope(Topics.SNAPSHOTS, host, value, snapshot.collectedAt(),
                TimestampType.LOG_APPEND_TIME, headers.get(HostSeal.PUBLIC_KEY_HEADER),
                headers.get(HostSeal.MAC_HEADER), headers.get(HostSeal.ENROL_HEADER)));
    }

    /** The sealer of the test host {@code hostId}: its own key pair, with the enrol secret. */
    public static HostSealer sealer(String hostId) {
        return SEALERS.computeIfAbsent(hostId, id -> sealer(id, HostKeys.generate(), true));
    }

    /** A sealer for {@code hostId} with {@code keys}, proving the enrol secret or not. */
    public static HostSealer sealer(String hostId, HostKeys.Pair keys, boolean enrol) {
        return new HostSealer(hostId, keys, CONTROL_PLANE_KEY, enrol ? Optional.of(ENROL_SECRET) : Optional.empty());
    }

    private static ProducerRecord<String, byte[]> record(String topic, String key, byte[] value,
            List<HostSeal.Header> headers) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        headers.forEach(header -> record.headers().add(header.name(), header.value()));
        return record;
    }

    /** A message for {@link #sendTogether}. */
    public record Keyed(String key, byte[] value) {
    }

    /** Publishes the snapshot messages at once, in order, and waits until the broker has them all. */
    public void sendTogether(List<Keyed> keyed) {
        List<Future<RecordMetadata>> sent = keyed.stream().map(k -> producer.send(record(Topics.SNAPSHOTS, k.key(),
                k.value(), sealer(k.key()).headers(k.value())))).toList();
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
