package dev.tcpfleet.controlplane.enrolment;

import dev.tcpfleet.protocol.identity.HostSeal;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.time.Instant;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.record.TimestampType;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * What the broker delivered around a host's message: its topic, record key, value, timestamp and the seal's headers
 * (null when absent).
 */
public record Envelope(String topic, String key, byte[] value, Instant timestamp, TimestampType timestampType,
        byte[] hostKey, byte[] mac, byte[] enrolProof) {

    /** The envelope of a message read from Kafka. */
    public static Envelope of(Message<byte[]> message) {
        @SuppressWarnings("unchecked")
        IncomingKafkaRecordMetadata<String, byte[]> record = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalArgumentException("not a message read from Kafka"));
        Headers headers = record.getHeaders();
        return new Envelope(record.getTopic(), record.getKey(), message.getPayload(), record.getTimestamp(),
                record.getTimestampType(), header(headers, HostSeal.PUBLIC_KEY_HEADER),
                header(headers, HostSeal.MAC_HEADER), header(headers, HostSeal.ENROL_HEADER));
    }

    private static byte[] header(Headers headers, String name) {
        Header header = headers == null ? null : headers.lastHeader(name);
        return header == null ? null : header.value();
    }
}
