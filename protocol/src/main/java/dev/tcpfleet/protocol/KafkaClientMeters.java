package dev.tcpfleet.protocol;

import java.util.Set;

/**
 * Which of the Kafka clients' own meters both apps export. Micrometer binds every metric of every client, about a
 * thousand series on the control plane (per node, per topic, per partition, request-size and latency variants), which
 * drowns tcpfleet's own families and costs the scraper. An operator reads three things off a client: throughput, lag
 * and errors; everything else under {@code kafka.} is denied.
 */
public final class KafkaClientMeters {
    public static final String PREFIX = "kafka.";

    /** Micrometer's names: {@code kafka.} + the client's metric group without {@code -metrics} + the metric's name. */
    private static final Set<String> KEPT = Set.of(
            // consumer throughput and lag
            "kafka.consumer.fetch.manager.records.consumed.total",
            "kafka.consumer.fetch.manager.records.consumed.rate",
            "kafka.consumer.fetch.manager.bytes.consumed.total",
            "kafka.consumer.fetch.manager.bytes.consumed.rate",
            "kafka.consumer.fetch.manager.records.lag.max",
            // producer throughput and errors
            "kafka.producer.record.send.total",
            "kafka.producer.record.send.rate",
            "kafka.producer.outgoing.byte.total",
            "kafka.producer.outgoing.byte.rate",
            "kafka.producer.record.error.total",
            "kafka.producer.record.error.rate",
            "kafka.producer.record.retry.total",
            // connections: 0 open is a client cut off from the brokers; closes and failed logins say why
            "kafka.consumer.connection.count",
            "kafka.producer.connection.count",
            "kafka.consumer.connection.close.total",
            "kafka.producer.connection.close.total",
            "kafka.consumer.failed.authentication.total",
            "kafka.producer.failed.authentication.total",
            "kafka.consumer.coordinator.failed.rebalance.total");

    private KafkaClientMeters() {
    }

    /** Whether a meter is exported: every meter that is not a Kafka client's, and the few of those kept. */
    public static boolean exported(String meterName) {
        return !meterName.startsWith(PREFIX) || KEPT.contains(meterName);
    }
}
