package dev.tcpfleet.controlplane.metrics;

import dev.tcpfleet.protocol.KafkaClientMeters;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Keeps the Kafka clients' throughput, lag and error meters and denies the rest (see {@link KafkaClientMeters}). */
public class KafkaMeterFilter {
    @Produces
    @Singleton
    MeterFilter kafkaClients() {
        return MeterFilter.denyUnless(id -> KafkaClientMeters.exported(id.getName()));
    }
}
