package dev.tcpfleet.protocol.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.protocol.commands.CommandSignatures;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HostSealTest {
    private static final byte[] VALUE = "{\"host\":{\"hostId\":\"h-1\"}}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SECRET = "enrol-secret".getBytes(StandardCharsets.UTF_8);
    private final KeyPair controlPlane = CommandSignatures.generateKeys();
    private final HostKeys.Pair host = HostKeys.generate();

    private Map<String, byte[]> headers(HostSealer sealer, byte[] value) {
        return sealer.headers(value).stream().collect(Collectors.toMap(HostSeal.Header::name, HostSeal.Header::value));
    }

    @Test
    void theControlPlaneVerifiesWhatTheHostSealed() {
        Map<String, byte[]> headers = headers(new HostSealer("h-1", host, controlPlane.getPublic(), Optional.empty()),
                VALUE);
        byte[] key = HostKeys.agreedByControlPlane(controlPlane.getPrivate(), headers.get(HostSeal.PUBLIC_KEY_HEADER),
                "h-1");

        assertArrayEquals(host.publicKey(), headers.get(HostSeal.PUBLIC_KEY_HEADER));
        assertTrue(HostSeal.verify(key, VALUE, headers.get(HostSeal.MAC_HEADER)));
        assertEquals(Set.of(HostSeal.PUBLIC_KEY_HEADER, HostSeal.MAC_HEADER), headers.keySet());
    }

    @Test
    void anyChangedByteOrAnotherHostsSealFails() {
        byte[] key = HostKeys.agreedByControlPlane(controlPlane.getPrivate(), host.publicKey(), "h-1");
        byte[] mac = HostSeal.mac(key, VALUE);
        byte[] tampered = VALUE.clone();
        tampered[3] ^= 1;
        byte[] forgedMac = headers(new HostSealer("h-1", HostKeys.generate(), controlPlane.getPublic(),
                Optional.empty()), VALUE).get(HostSeal.MAC_HEADER);

        assertFalse(HostSeal.verify(key, tampered, mac));
        assertFalse(HostSeal.verify(key, VALUE, forgedMac));
        assertFalse(HostSeal.verify(key, VALUE, null));
        assertFalse(HostSeal.verify(key, VALUE, new byte[0]));
    }

    @Test
    void theEnrolProofBindsTheSecretTheHostAndItsKey() {
        byte[] proof = headers(new HostSealer("h-1", host, controlPlane.getPublic(), Optional.of("enrol-secret")),
                VALUE).get(HostSeal.ENROL_HEADER);

        assertTrue(HostSeal.verifyEnrolProof(SECRET, "h-1", host.publicKey(), proof));
        assertFalse(HostSeal.verifyEnrolProof(SECRET, "h-2", host.publicKey(), proof));
        assertFalse(HostSeal.verifyEnrolProof(SECRET, "h-1", HostKeys.generate().publicKey(), proof));
        assertFalse(HostSeal.verifyEnrolProof("other".getBytes(StandardCharsets.UTF_8), "h-1", host.publicKey(), proof));
        assertFalse(HostSeal.verifyEnrolProof(SECRET, "h-1", host.publicKey(), null));
    }
}
