package dev.tcpfleet.controlplane.ingest;

import dev.tcpfleet.protocol.KafkaConnection;
import dev.tcpfleet.protocol.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * How far snapshot ingest lags, as the ingest group's committed offsets against the topic's ends: the records behind,
 * and the age of the oldest of them (the record at a lagging partition's committed offset, read by a consumer of no
 * group, so nothing is committed). The group's offsets are committed only once stored (StoreRetry), so "behind" means
 * not stored (the connector commits them every auto.commit.interval.ms, 5 s: under steady load ingest reads a few
 * seconds behind even when it keeps up). Read from the broker on a schedule, so every instance reports the whole
 * group's lag, the same figures; NaN while the broker does not answer.
 */
@Startup // its meters exist from the start, before anything uses it
@ApplicationScoped
public class IngestLag {
    private static final Logger LOG = Logger.getLogger(IngestLag.class);
    private static final long TIMEOUT_SECONDS = 10;

    private final Map<String, Object> connection;
    private final String group;
    private volatile double records = Double.NaN;
    private volatile double oldestAgeSeconds = Double.NaN;
    private Admin admin;
    private KafkaConsumer<byte[], byte[]> peek;

    IngestLag(@Identifier("default-kafka-broker") Map<String, Object> kafka,
            @ConfigProperty(name = "mp.messaging.incoming." + Topics.SNAPSHOTS + ".group.id") String group,
            MeterRegistry registry) {
        this.connection = KafkaConnection.settings(kafka);
        this.group = group;
        Gauge.builder("tcpfleet.ingest.lag", () -> records).baseUnit("records")
                .description("snapshots on the topic not yet stored (the ingest group's committed offsets to the ends)")
                .register(registry);
        Gauge.builder("tcpfleet.ingest.oldest.unstored.age", () -> oldestAgeSeconds).baseUnit("seconds")
                .description("age of the oldest snapshot on the topic not yet stored; 0 when ingest is caught up")
                .register(registry);
    }

    @Scheduled(every = "${tcpfleet.metrics.refresh}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    synchronized void refresh() {
        try {
            if (admin == null) {
                admin = Admin.create(connection);
            }
            Map<TopicPartition, Position> positions = positions();
            records = positions.values().stream().mapToLong(Position::behind).sum();
            oldestAgeSeconds = oldestAgeSeconds(positions.entrySet().stream()
                    .filter(position -> position.getValue().behind() > 0)
                    .collect(Collectors.toMap(Map.Entry::getKey, position -> position.getValue().committed())));
        } catch (Exception e) { // a broker away: unknown, not zero
            LOG.debugf("ingest lag not read: %s", e.getMessage());
            records = Double.NaN;
            oldestAgeSeconds = Double.NaN;
        }
    }

    /** Where the group stands in a partition: its next record to store, and the records from it to the end. */
    private record Position(long committed, long behind) {
    }

    /** Each partition's position between the group's committed offset (or its start) and its end. */
    private Map<TopicPartition, Position> positions() throws Exception {
        List<TopicPartition> partitions = admin.describeTopics(List.of(Topics.SNAPSHOTS)).allTopicNames()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(Topics.SNAPSHOTS).partitions().stream()
                .map(info -> new TopicPartition(Topics.SNAPSHOTS, info.partition())).toList();
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        var ends = admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                .all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        var starts = admin.listOffsets(partitions.stream()
                .collect(Collectors.toMap(p -> p, p -> OffsetSpec.earliest()))).all()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, Position> positions = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = offsets.get(partition);
            // auto.offset.reset=earliest: a partition the group never committed is read from its start
            long from = Math.max(offset == null ? 0 : offset.offset(), starts.get(partition).offset());
            positions.put(partition, new Position(from, Math.max(0, ends.get(partition).offset() - from)));
        }
        return positions;
    }

    /** The age of the oldest record at the committed offsets of the lagging partitions; 0 when none lags. */
    private double oldestAgeSeconds(Map<TopicPartition, Long> lagging) {
        if (lagging.isEmpty()) {
            return 0;
        }
        if (peek == null) {
            Map<String, Object> settings = new HashMap<>(connection);
            settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
            settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            peek = new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        long oldest = Long.MAX_VALUE;
        for (var partition : lagging.entrySet()) {
            peek.assign(List.of(partition.getKey()));
            peek.seek(partition.getKey(), partition.getValue());
            for (ConsumerRecord<byte[], byte[]> record : peek.poll(Duration.ofSeconds(2))) {
                oldest = Math.min(oldest, record.timestamp());
            }
        }
        return oldest == Long.MAX_VALUE ? Double.NaN
                : Math.max(0, (System.currentTimeMillis() - oldest) / 1000.0);
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
        if (peek != null) {
            peek.close(Duration.ofSeconds(2));
        }
    }
}
