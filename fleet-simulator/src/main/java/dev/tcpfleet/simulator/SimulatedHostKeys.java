package dev.tcpfleet.simulator;

import dev.tcpfleet.protocol.identity.HostKeys;
import dev.tcpfleet.protocol.identity.HostSealer;
import java.security.PublicKey;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Each simulated host's own key pair, sealing what it publishes as an agent does, with the fleet's enrol secret when
 * given one, so that the control plane accepts the simulated hosts as they first report. Made side by side on every
 * core at start: a key pair and its agreement with the control plane's key cost about 170 µs of CPU a host (33 µs the
 * key pair, the rest the X25519 agreement and HKDF; measured with the thread's CPU time over 10,000 hosts), so 1.7 s of
 * CPU for 10,000 hosts, under a second of waiting on two cores.
 */
final class SimulatedHostKeys {
    private SimulatedHostKeys() {
    }

    /** A sealer for each of {@code hostIds}, each with a key pair of its own. */
    static Map<String, HostSealer> forHosts(Collection<String> hostIds, PublicKey controlPlaneKey,
            Optional<String> enrolSecret) {
        return hostIds.parallelStream().collect(Collectors.toConcurrentMap(Function.identity(),
                id -> new HostSealer(id, HostKeys.generate(), controlPlaneKey, enrolSecret)));
    }

    /** {@code value} keyed {@code hostId} for {@code topic}, with the host's seal when it has a sealer. */
    static ProducerRecord<String, byte[]> record(Map<String, HostSealer> sealers, String topic, String hostId,
            byte[] value) {
        HostSealer sealer = sealers.get(hostId);
        Iterable<Header> headers = sealer == null ? null : sealer.headers(value).stream()
                .<Header>map(header -> new RecordHeader(header.name(), header.value())).toList();
        return new ProducerRecord<>(topic, null, hostId, value, headers);
    }
}
