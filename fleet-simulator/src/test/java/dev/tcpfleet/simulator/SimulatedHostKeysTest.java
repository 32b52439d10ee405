package dev.tcpfleet.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.protocol.commands.CommandSignatures;
import dev.tcpfleet.protocol.identity.HostKeys;
import dev.tcpfleet.protocol.identity.HostSeal;
import dev.tcpfleet.protocol.identity.HostSealer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class SimulatedHostKeysTest {
    private static final byte[] VALUE = "{\"snapshot\":1}".getBytes(StandardCharsets.UTF_8);
    private final KeyPair controlPlane = CommandSignatures.generateKeys();

    private static byte[] header(ProducerRecord<String, byte[]> record, String name) {
        return record.headers().lastHeader(name).value();
    }

    @Test
    void eachHostSealsWithAKeyOfItsOwnThatTheControlPlaneVerifiesAndEnrolsItself() {
        Map<String, HostSealer> sealers = SimulatedHostKeys.forHosts(List.of("sim-0", "sim-1"),
                controlPlane.getPublic(), Optional.of("fleet-secret"));
        ProducerRecord<String, byte[]> first = SimulatedHostKeys.record(sealers, Topics.SNAPSHOTS, "sim-0", VALUE);
        ProducerRecord<String, byte[]> second = SimulatedHostKeys.record(sealers, Topics.SNAPSHOTS, "sim-1", VALUE);

        for (ProducerRecord<String, byte[]> record : List.of(first, second)) {
            byte[] hostKey = header(record, HostSeal.PUBLIC_KEY_HEADER);
            byte[] agreed = HostKeys.agreedByControlPlane(controlPlane.getPrivate(), hostKey, record.key());
            assertTrue(HostSeal.verify(agreed, VALUE, header(record, HostSeal.MAC_HEADER)), record.key());
            assertTrue(HostSeal.verifyEnrolProof("fleet-secret".getBytes(StandardCharsets.UTF_8), record.key(),
                    hostKey, header(record, HostSeal.ENROL_HEADER)), record.key());
        }
        assertFalse(Arrays.equals(header(first, HostSeal.PUBLIC_KEY_HEADER), header(second, HostSeal.PUBLIC_KEY_HEADER)));
    }

    @Test
    void aHostWithoutASealerSendsItsValueUnsealed() {
        ProducerRecord<String, byte[]> record = SimulatedHostKeys.record(Map.of(), Topics.SNAPSHOTS, "sim-0", VALUE);

        assertEquals("sim-0", record.key());
        assertNull(record.headers().lastHeader(HostSeal.MAC_HEADER));
    }
}
