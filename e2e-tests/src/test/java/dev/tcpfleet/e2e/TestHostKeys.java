package dev.tcpfleet.e2e;

import dev.tcpfleet.protocol.identity.HostKeys;
import dev.tcpfleet.protocol.identity.HostSealer;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Host identity in these tests. Every control plane and agent they start shares {@link #ENROL_SECRET}, so test hosts
 * enrol themselves as a fleet given the secret does; and hosts the tests play themselves (steady streams, fixed
 * hosts) seal what they send as their agents would, each with a key pair of its own kept for the fleet's life.
 */
final class TestHostKeys {
    static final String ENROL_SECRET = "e2e-enrol-" + UUID.randomUUID();

    private final PublicKey controlPlane;
    private final Map<String, HostSealer> sealers = new ConcurrentHashMap<>();

    /** Hosts whose messages the control plane holding the private half of {@code controlPlane} can check. */
    TestHostKeys(PublicKey controlPlane) {
        this.controlPlane = controlPlane;
    }

    /** A control plane's setting that accepts the hosts presenting the tests' enrol secret. */
    static Map<String, String> controlPlaneConfig() {
        return Map.of("tcpfleet.identity.enrol-secret", ENROL_SECRET);
    }

    /** A new map of {@code config} with the tests' enrol secret added: an agent's settings. */
    static Map<String, String> agentConfig(Map<String, String> config) {
        Map<String, String> with = new HashMap<>(config);
        with.put("tcpfleet.agent.enrol-secret", ENROL_SECRET);
        return with;
    }

    /** {@code value} keyed {@code hostId} for {@code topic}, sealed as that host's agent would seal it. */
    ProducerRecord<String, byte[]> record(String topic, String hostId, byte[] value) {
        HostSealer sealer = sealers.computeIfAbsent(hostId,
                id -> new HostSealer(id, HostKeys.generate(), controlPlane, Optional.of(ENROL_SECRET)));
        return new ProducerRecord<>(topic, null, hostId, value, sealer.headers(value).stream()
                .<Header>map(header -> new RecordHeader(header.name(), header.value())).toList());
    }
}
