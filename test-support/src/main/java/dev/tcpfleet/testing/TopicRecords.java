package dev.tcpfleet.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** What tests look for on a topic: records read from its start by a fresh consumer group. */
public final class TopicRecords {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private TopicRecords() {
    }

    /** The first {@code count} records of {@code topic} that {@code wanted} accepts, waiting up to a minute. */
    public static List<ConsumerRecord<String, byte[]>> await(String bootstrapServers, String topic,
            Predicate<ConsumerRecord<String, byte[]>> wanted, int count) {
        return await(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), topic, wanted, count);
    }

    /** As {@link #await(String, String, Predicate, int)}, connecting with {@code connection} (e.g. SASL settings). */
    public static List<ConsumerRecord<String, byte[]>> await(Map<String, Object> connection, String topic,
            Predicate<ConsumerRecord<String, byte[]>> wanted, int count) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        Map<String, Object> settings = new HashMap<>(connection);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings,
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (found.size() < count) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("found " + found.size() + " of " + count + " records on " + topic
                            + " within " + TIMEOUT);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (wanted.test(record)) {
                        found.add(record);
                    }
                });
            }
        }
        return found.subList(0, count);
    }

    /** Every record on {@code topic} now, read from the start of each partition to its end. */
    public static List<ConsumerRecord<String, byte[]>> all(String bootstrapServers, String topic) {
        return all(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), topic);
    }

    /** As {@link #all(String, String)}, connecting with {@code connection} (e.g. SASL settings). */
    public static List<ConsumerRecord<String, byte[]>> all(Map<String, Object> connection, String topic) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(connection,
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
                    .map(partition -> new TopicPartition(topic, partition.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(
                    partition -> consumer.position(partition, TIMEOUT) < ends.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end within " + TIMEOUT);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(found::add);
            }
        }
        return found;
    }

    /** The first record of {@code topic} that {@code wanted} accepts. */
    public static ConsumerRecord<String, byte[]> awaitFirst(String bootstrapServers, String topic,
            Predicate<ConsumerRecord<String, byte[]>> wanted) {
        return await(bootstrapServers, topic, wanted, 1).get(0);
    }

    /** As {@link #awaitFirst(String, String, Predicate)}, connecting with {@code connection}. */
    public static ConsumerRecord<String, byte[]> awaitFirst(Map<String, Object> connection, String topic,
            Predicate<ConsumerRecord<String, byte[]>> wanted) {
        return await(connection, topic, wanted, 1).get(0);
    }
}
