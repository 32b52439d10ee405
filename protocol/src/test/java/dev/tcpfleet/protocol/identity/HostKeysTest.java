package dev.tcpfleet.protocol.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tcpfleet.protocol.commands.CommandSignatures;
import java.security.KeyPair;
import java.util.Arrays;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;

class HostKeysTest {
    private final KeyPair controlPlane = CommandSignatures.generateKeys();
    private final HostKeys.Pair host = HostKeys.generate();

    @Test
    void theSigningKeysMontgomeryHalvesAreOnePair() {
        for (int i = 0; i < 20; i++) {
            KeyPair signing = CommandSignatures.generateKeys();
            byte[] derivedPublic = new X25519PrivateKeyParameters(HostKeys.montgomery(signing.getPrivate()), 0)
                    .generatePublicKey().getEncoded();

            assertArrayEquals(derivedPublic, HostKeys.montgomery(signing.getPublic()));
        }
    }

    @Test
    void hostAndControlPlaneAgreeOnTheKey() {
        assertArrayEquals(HostKeys.agreedByHost(host, controlPlane.getPublic(), "h-1"),
                HostKeys.agreedByControlPlane(controlPlane.getPrivate(), host.publicKey(), "h-1"));
    }

    @Test
    void theKeyIsBoundToTheHostIdTheHostKeyAndTheControlPlane() {
        byte[] agreed = HostKeys.agreedByControlPlane(controlPlane.getPrivate(), host.publicKey(), "h-1");

        assertFalse(Arrays.equals(agreed, HostKeys.agreedByHost(host, controlPlane.getPublic(), "h-2")));
        assertFalse(Arrays.equals(agreed, HostKeys.agreedByHost(HostKeys.generate(), controlPlane.getPublic(), "h-1")));
        assertFalse(Arrays.equals(agreed,
                HostKeys.agreedByHost(host, CommandSignatures.generateKeys().getPublic(), "h-1")));
    }

    @Test
    void aPairIsRebuiltFromItsPrivateHalf() {
        HostKeys.Pair read = HostKeys.Pair.fromPrivate(host.privateKey());

        assertArrayEquals(host.publicKey(), read.publicKey());
        assertThrows(IllegalArgumentException.class, () -> HostKeys.Pair.fromPrivate(new byte[31]));
    }

    @Test
    void aLowOrderOrMisSizedHostKeyIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> HostKeys.agreedByControlPlane(controlPlane.getPrivate(), new byte[32], "h-1"));
        assertThrows(IllegalArgumentException.class,
                () -> HostKeys.agreedByControlPlane(controlPlane.getPrivate(), new byte[16], "h-1"));
    }

    @Test
    void aFingerprintIsSixteenHexDigitsOfTheKey() {
        assertEquals(16, HostKeys.fingerprint(host.publicKey()).length());
        assertFalse(HostKeys.fingerprint(host.publicKey()).equals(HostKeys.fingerprint(HostKeys.generate().publicKey())));
    }
}
