package dev.tcpfleet.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.protocol.HostIdentity;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.TcpState;
import dev.tcpfleet.protocol.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Hosts labelled {@code team=}{@link #TEAM} that all report {@link #established} sockets every half second, two on
 * each of the snapshot topic's four partitions (as Kafka's default partitioner places their keys): control planes
 * sharing the partitions equally ingest equal halves of them. Each seals its snapshots with {@code keys}.
 */
final class FixedHosts implements AutoCloseable {
    static final String TEAM = "fixed";
    private static final int PARTITIONS = 4;
    private static final int PER_PARTITION = 2;

    final AtomicInteger established;
    private final List<HostIdentity> hosts = new ArrayList<>();
    private final KafkaProducer<String, byte[]> producer;
    private final TestHostKeys keys;
    private final ScheduledExecutorService reporting = Executors.newSingleThreadScheduledExecutor();

    FixedHosts(String bootstrapServers, TestHostKeys keys, int established) {
        this.established = new AtomicInteger(established);
        this.keys = keys;
        int[] placed = new int[PARTITIONS];
        for (int i = 0; hosts.size() < PARTITIONS * PER_PARTITION; i++) {
            String id = TEAM + "-" + i;
            int partition = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            if (placed[partition]++ < PER_PARTITION) {
                hosts.add(new HostIdentity(id, id + ".example", Map.of("team", TEAM), "test"));
            }
        }
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        reporting.scheduleAtFixedRate(this::report, 0, 500, TimeUnit.MILLISECONDS);
    }

    private void report() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        for (HostIdentity host : hosts) {
            HostSnapshot snapshot = HostSnapshot.ofStates(host, now, 1, Map.of(TcpState.ESTABLISHED,
                    established.get()));
            producer.send(keys.record(Topics.SNAPSHOTS, host.hostId(), ProtocolJson.write(snapshot)));
        }
    }

    @Override
    public void close() throws InterruptedException {
        reporting.shutdown();
        try {
            assertTrue(reporting.awaitTermination(30, TimeUnit.SECONDS), "the hosts did not stop reporting");
        } finally {
            producer.close();
        }
    }
}
