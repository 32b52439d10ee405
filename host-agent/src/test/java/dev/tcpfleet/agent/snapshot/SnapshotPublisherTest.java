package dev.tcpfleet.agent.snapshot;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.protocol.HostIdentity;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.TcpState;
import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.protocol.identity.HostSeal;
import dev.tcpfleet.testing.KafkaBrokerProcess;
import dev.tcpfleet.testing.KafkaBrokerTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerTestResource.class, restrictToAnnotatedClass = true)
class SnapshotPublisherTest {
    KafkaBrokerProcess broker;

    @Inject
    HostIdentity identity;

    @Test
    void publishesThisHostsRealSnapshotsKeyedByHostId() {
        List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.SNAPSHOTS));
            // the test profile publishes every second: two snapshots prove it is a schedule, not a one-off
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return received.size() >= 2;
            });
        }
        ConsumerRecord<String, byte[]> record = received.get(0);
        assertEquals(identity.hostId(), record.key());
        HostSnapshot snapshot = ProtocolJson.readSnapshot(record.value());
        assertEquals(identity, snapshot.host());
        // this very test's Quarkus HTTP server and the broker listen on this host
        assertTrue(snapshot.count(TcpState.LISTEN) >= 2, snapshot.tcpStates().toString());
        assertTrue(ProtocolJson.readSnapshot(received.get(1).value()).collectedAt().isAfter(snapshot.collectedAt()));
        // no tcpfleet.agent.command-public-key here: nothing to agree a key with, so no seal (HostSealingTest)
        assertNull(record.headers().lastHeader(HostSeal.MAC_HEADER));
    }
}
