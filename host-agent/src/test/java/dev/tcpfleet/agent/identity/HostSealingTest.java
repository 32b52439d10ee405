package dev.tcpfleet.agent.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.protocol.HostIdentity;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.protocol.commands.CommandSignatures;
import dev.tcpfleet.protocol.identity.HostKeys;
import dev.tcpfleet.protocol.identity.HostSeal;
import dev.tcpfleet.testing.KafkaBrokerProcess;
import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.TopicRecords;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * The agent's snapshots, on a real broker, carry the seal the control plane checks: its host key as kept in its state
 * folder, an HMAC the control plane recomputes from its own private key, and the enrol proof of the secret given.
 */
@QuarkusTest
@TestProfile(HostSealingTest.Sealed.class)
@QuarkusTestResource(value = KafkaBrokerTestResource.class, restrictToAnnotatedClass = true)
class HostSealingTest {
    // a key pair for this test only: the control plane's private half, the agent's public one
    static final String CONTROL_PLANE_KEY = "MC4CAQAwBQYDK2VwBCIEICP8IYKsIQ6Y3L47obe1rcRXRG7P1rTMRbklMid8M3B9";
    static final String COMMAND_PUBLIC_KEY = "MCowBQYDK2VwAyEALUbtxj7TmvcUIqNhkVSmfREu/67cF7RUN3UYTrERk9c=";
    static final String ENROL_SECRET = "host-sealing-test-enrol-secret";
    static final Path STATE = Path.of("target/host-sealing-test/state");

    public static class Sealed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tcpfleet.agent.command-public-key", COMMAND_PUBLIC_KEY,
                    "tcpfleet.agent.enrol-secret", ENROL_SECRET,
                    "tcpfleet.agent.state-dir", STATE.toString());
        }
    }

    KafkaBrokerProcess broker;

    @Inject
    HostIdentity identity;

    @Test
    void everySnapshotCarriesASealTheControlPlaneVerifies() {
        List<ConsumerRecord<String, byte[]>> snapshots = TopicRecords.await(broker.bootstrapServers(),
                Topics.SNAPSHOTS, record -> identity.hostId().equals(record.key()), 2);
        byte[] hostKey = HostKeyFile.load(STATE).publicKey();
        byte[] agreed = HostKeys.agreedByControlPlane(CommandSignatures.privateKey(CONTROL_PLANE_KEY), hostKey,
                identity.hostId());

        for (ConsumerRecord<String, byte[]> record : snapshots) {
            assertArrayEquals(hostKey, header(record, HostSeal.PUBLIC_KEY_HEADER));
            assertTrue(HostSeal.verify(agreed, record.value(), header(record, HostSeal.MAC_HEADER)));
            assertTrue(HostSeal.verifyEnrolProof(ENROL_SECRET.getBytes(StandardCharsets.UTF_8), identity.hostId(),
                    hostKey, header(record, HostSeal.ENROL_HEADER)));
            // the seal covers the very snapshot the control plane reads
            assertEquals(identity.hostId(), ProtocolJson.readSnapshot(record.value()).host().hostId());
        }
    }

    private static byte[] header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : header.value();
    }
}
