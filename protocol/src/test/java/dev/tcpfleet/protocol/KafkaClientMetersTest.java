package dev.tcpfleet.protocol;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KafkaClientMetersTest {
    @Test
    void throughputLagAndErrorsAreKeptAndTheRestOfTheKafkaClientsMetersDenied() {
        assertTrue(KafkaClientMeters.exported("kafka.consumer.fetch.manager.records.consumed.total"));
        assertTrue(KafkaClientMeters.exported("kafka.consumer.fetch.manager.records.lag.max"));
        assertTrue(KafkaClientMeters.exported("kafka.producer.record.error.total"));
        assertFalse(KafkaClientMeters.exported("kafka.consumer.node.request.latency.avg"));
        assertFalse(KafkaClientMeters.exported("kafka.producer.topic.byte.rate"));
        assertFalse(KafkaClientMeters.exported("kafka.app.info.start.time.ms"));
    }

    @Test
    void everyOtherMeterIsLeftAlone() {
        assertTrue(KafkaClientMeters.exported("tcpfleet.hosts"));
        assertTrue(KafkaClientMeters.exported("jvm.memory.used"));
        assertTrue(KafkaClientMeters.exported("kafkaesque.figure"));
    }
}
