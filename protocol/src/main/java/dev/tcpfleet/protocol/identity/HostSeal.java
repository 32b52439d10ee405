package dev.tcpfleet.protocol.identity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a host authenticates what it publishes: Kafka headers beside the record's value. The MAC covers the value, which
 * names its host; the control plane also checks that the record's key and the value name the same host, and that the
 * key presented is the one it accepted for that host.
 */
public final class HostSeal {
    /** The host's raw 32-byte X25519 public key. */
    public static final String PUBLIC_KEY_HEADER = "tcpfleet-host-key";
    /** HMAC-SHA256 of the record's value under the key {@link HostKeys} agrees. */
    public static final String MAC_HEADER = "tcpfleet-mac";
    /** Present when the agent holds the fleet's enrol secret: {@link #enrolProof}. */
    public static final String ENROL_HEADER = "tcpfleet-enrol";
    private static final String HMAC = "HmacSHA256";
    private static final byte[] ENROL_CONTEXT = "tcpfleet enrol v1".getBytes(StandardCharsets.UTF_8);

    private HostSeal() {
    }

    /** A header to put on a record. */
    public record Header(String name, byte[] value) {
    }

    public static byte[] mac(byte[] key, byte[] value) {
        return hmac(key).doFinal(value);
    }

    /** Constant-time, so the time taken says nothing about how much of a forged MAC was right. */
    public static boolean verify(byte[] key, byte[] value, byte[] mac) {
        return mac != null && value != null && MessageDigest.isEqual(mac(key, value), mac);
    }

    /**
     * Proof that the sender of {@code hostPublicKey} for {@code hostId} was given the fleet's enrol secret. It binds
     * the id and the key, so a reader of the topic cannot reuse it for another host or key.
     */
    public static byte[] enrolProof(byte[] enrolSecret, String hostId, byte[] hostPublicKey) {
        Mac mac = hmac(enrolSecret);
        mac.update(ENROL_CONTEXT);
        mac.update((byte) 0);
        mac.update(hostPublicKey);
        mac.update((byte) 0);
        return mac.doFinal(hostId.getBytes(StandardCharsets.UTF_8));
    }

    public static boolean verifyEnrolProof(byte[] enrolSecret, String hostId, byte[] hostPublicKey, byte[] proof) {
        return proof != null && hostPublicKey != null
                && MessageDigest.isEqual(enrolProof(enrolSecret, hostId, hostPublicKey), proof);
    }

    private static Mac hmac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no " + HMAC, e);
        }
    }
}
