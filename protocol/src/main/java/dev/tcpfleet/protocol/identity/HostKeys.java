package dev.tcpfleet.protocol.identity;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * A host's own X25519 key pair, and the HMAC key its agent and the control plane agree from it without either sending
 * a secret: HKDF-SHA256 over X25519(host's private key, control plane's key), bound to the host id and the host's
 * public key. The control plane's X25519 key is its Ed25519 command-signing key read as a Montgomery key (the
 * conversion libsodium's {@code crypto_sign_ed25519_sk_to_curve25519} makes), so agents need no second key: they
 * already hold the signing key's public half. Agreement costs a scalar multiplication, done once per host key; each
 * message then costs one HMAC, microseconds, where verifying an Ed25519 signature per snapshot cost more than the
 * whole per-snapshot budget.
 */
public final class HostKeys {
    public static final int KEY_BYTES = 32;
    private static final BigInteger FIELD_PRIME = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    private static final byte[] CONTEXT = "tcpfleet host key v1".getBytes(StandardCharsets.UTF_8);
    private static final SecureRandom RANDOM = new SecureRandom();

    private HostKeys() {
    }

    /** A host's raw 32-byte X25519 keys. */
    public record Pair(byte[] privateKey, byte[] publicKey) {
        public Pair {
            if (privateKey.length != KEY_BYTES || publicKey.length != KEY_BYTES) {
                throw new IllegalArgumentException("X25519 keys are " + KEY_BYTES + " bytes");
            }
        }

        /** The pair whose private half is {@code privateKey}, as a host reads it back from its key file. */
        public static Pair fromPrivate(byte[] privateKey) {
            if (privateKey.length != KEY_BYTES) {
                throw new IllegalArgumentException("an X25519 private key is " + KEY_BYTES + " bytes, not "
                        + privateKey.length);
            }
            return new Pair(privateKey.clone(),
                    new X25519PrivateKeyParameters(privateKey, 0).generatePublicKey().getEncoded());
        }
    }

    public static Pair generate() {
        X25519PrivateKeyParameters key = new X25519PrivateKeyParameters(RANDOM);
        return new Pair(key.getEncoded(), key.generatePublicKey().getEncoded());
    }

    /** The HMAC key, as the host computes it from its private key and the control plane's public signing key. */
    public static byte[] agreedByHost(Pair host, PublicKey controlPlaneKey, String hostId) {
        return agree(host.privateKey(), montgomery(controlPlaneKey), host.publicKey(), hostId);
    }

    /**
     * The HMAC key, as the control plane computes it from its private signing key and the host's public key.
     *
     * @throws IllegalArgumentException when {@code hostPublicKey} is not a usable X25519 key (a low-order point)
     */
    public static byte[] agreedByControlPlane(PrivateKey controlPlaneKey, byte[] hostPublicKey, String hostId) {
        if (hostPublicKey == null || hostPublicKey.length != KEY_BYTES) {
            throw new IllegalArgumentException("a host key is " + KEY_BYTES + " bytes");
        }
        return agree(montgomery(controlPlaneKey), hostPublicKey, hostPublicKey, hostId);
    }

    /** What an admin compares with what the agent prints: the first 8 bytes of the public key's SHA-256, in hex. */
    public static String fingerprint(byte[] publicKey) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(publicKey), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    private static byte[] agree(byte[] privateKey, byte[] peerPublicKey, byte[] hostPublicKey, String hostId) {
        X25519Agreement agreement = new X25519Agreement();
        agreement.init(new X25519PrivateKeyParameters(privateKey, 0));
        byte[] shared = new byte[agreement.getAgreementSize()];
        try {
            agreement.calculateAgreement(new X25519PublicKeyParameters(peerPublicKey, 0), shared, 0);
        } catch (IllegalStateException lowOrderPoint) {
            throw new IllegalArgumentException("not a usable X25519 public key", lowOrderPoint);
        }
        byte[] id = hostId.getBytes(StandardCharsets.UTF_8);
        byte[] info = new byte[CONTEXT.length + 1 + hostPublicKey.length + 1 + id.length];
        System.arraycopy(CONTEXT, 0, info, 0, CONTEXT.length);
        System.arraycopy(hostPublicKey, 0, info, CONTEXT.length + 1, hostPublicKey.length);
        System.arraycopy(id, 0, info, CONTEXT.length + 2 + hostPublicKey.length, id.length);
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(shared, null, info));
        byte[] key = new byte[KEY_BYTES];
        hkdf.generateBytes(key, 0, key.length);
        Arrays.fill(shared, (byte) 0);
        return key;
    }

    /** The Ed25519 private key's X25519 scalar: the first half of SHA-512 of its seed (RFC 8032, 5.1.5). */
    static byte[] montgomery(PrivateKey signingKey) {
        try {
            if (PrivateKeyFactory.createKey(signingKey.getEncoded()) instanceof Ed25519PrivateKeyParameters ed) {
                return Arrays.copyOf(MessageDigest.getInstance("SHA-512").digest(ed.getEncoded()), KEY_BYTES);
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not an Ed25519 private key", e);
        }
        throw new IllegalArgumentException("not an Ed25519 private key: " + signingKey.getAlgorithm());
    }

    /** The Ed25519 public key's Montgomery u-coordinate, u = (1 + y) / (1 - y) mod 2^255 - 19 (RFC 7748, 4.1). */
    static byte[] montgomery(PublicKey signingKey) {
        byte[] edwards;
        try {
            if (!(PublicKeyFactory.createKey(signingKey.getEncoded()) instanceof Ed25519PublicKeyParameters ed)) {
                throw new IllegalArgumentException("not an Ed25519 public key: " + signingKey.getAlgorithm());
            }
            edwards = ed.getEncoded();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not an Ed25519 public key", e);
        }
        byte[] bigEndian = reversed(edwards);
        bigEndian[0] &= 0x7f; // the top bit is the sign of x, not part of y
        BigInteger y = new BigInteger(1, bigEndian);
        BigInteger u = BigInteger.ONE.add(y).multiply(BigInteger.ONE.subtract(y).modInverse(FIELD_PRIME))
                .mod(FIELD_PRIME);
        byte[] magnitude = u.toByteArray();
        byte[] fixed = new byte[KEY_BYTES];
        int length = Math.min(magnitude.length, KEY_BYTES);
        System.arraycopy(magnitude, magnitude.length - length, fixed, KEY_BYTES - length, length);
        return reversed(fixed);
    }

    private static byte[] reversed(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[bytes.length - 1 - i];
        }
        return out;
    }
}
