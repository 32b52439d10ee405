package dev.tcpfleet.controlplane.enrolment;

import dev.tcpfleet.protocol.identity.HostKeys;
import java.util.Arrays;

/**
 * A host's enrolment, and the rules that move it. Pure: what a message means for it ({@link #onMessage}) and what an
 * admin's decision makes of it ({@link #accepted}, {@link #rejected}, {@link #revoked}).
 *
 * @param publicKey        the key the host is known by; null only for a host accepted before host identity, until
 *                         its first sealed message binds one
 * @param pendingPublicKey another key the host presented, waiting for an admin (a re-enrolment); never used before
 */
public record Enrolment(String hostId, EnrolmentStatus status, byte[] publicKey, byte[] pendingPublicKey) {

    /** What storing a sealed message's enrolment must write, if anything. */
    public enum Change {
        /** An unknown host asks: a pending row with its key. */
        ASK,
        /** An unknown or pending host showed the enrol secret: accepted with its key. */
        ENROL,
        /** A host accepted before host identity: its first sealed message's key is bound. */
        BIND,
        /** A known host presented another key: kept as the pending one. */
        OFFER
    }

    /**
     * What one message does.
     *
     * @param refusal null when the message may be stored
     * @param change  what to write, or null
     * @param after   the enrolment once it is written, for the next message of the same host in a batch
     */
    public record Verdict(Refusal refusal, Change change, Enrolment after) {
    }

    /**
     * The verdict on a message whose MAC is good under {@code key}, from a host enrolled as {@code current} (null:
     * unknown); {@code enrolProof} says whether it showed the fleet's enrol secret for that id and key.
     */
    public static Verdict onMessage(String hostId, Enrolment current, byte[] key, boolean enrolProof) {
        if (current == null) {
            return enrolProof ? new Verdict(null, Change.ENROL, accepted(hostId, key))
                    : new Verdict(Refusal.PENDING, Change.ASK, new Enrolment(hostId, EnrolmentStatus.PENDING, key, null));
        }
        if (current.publicKey == null && current.status == EnrolmentStatus.ACCEPTED) {
            return new Verdict(null, Change.BIND, current.withKeys(key, current.pendingPublicKey));
        }
        if (!Arrays.equals(current.publicKey, key)) {
            boolean known = Arrays.equals(current.pendingPublicKey, key);
            return new Verdict(Refusal.KEY_MISMATCH, known ? null : Change.OFFER,
                    known ? current : current.withKeys(current.publicKey, key));
        }
        return switch (current.status) {
            case ACCEPTED -> new Verdict(null, null, current);
            case PENDING -> enrolProof ? new Verdict(null, Change.ENROL, accepted(hostId, key))
                    : new Verdict(Refusal.PENDING, null, current);
            case REJECTED -> new Verdict(Refusal.REJECTED, null, current);
            case REVOKED -> new Verdict(Refusal.REVOKED, null, current);
        };
    }

    private static Enrolment accepted(String hostId, byte[] key) {
        return new Enrolment(hostId, EnrolmentStatus.ACCEPTED, key, null);
    }

    /** An admin's decision this enrolment does not allow; the detail says why. */
    public static final class NotAllowed extends IllegalStateException {
        NotAllowed(String detail) {
            super(detail);
        }
    }

    /**
     * Accepted with the key that waits (a re-enrolment's), else the one it is known by. {@code fingerprint}, when
     * given, must be that key's: the admin accepts the key they compared, not one presented since.
     */
    public Enrolment accepted(String fingerprint) {
        byte[] key = pendingPublicKey != null ? pendingPublicKey : publicKey;
        if (status == EnrolmentStatus.ACCEPTED && pendingPublicKey == null) {
            throw new NotAllowed("host '" + hostId + "' is accepted and presents no other key");
        }
        if (fingerprint != null && (key == null || !fingerprint.equals(HostKeys.fingerprint(key)))) {
            throw new NotAllowed("host '" + hostId + "' asks with key " + fingerprint(key) + ", not " + fingerprint);
        }
        return accepted(hostId, key);
    }

    /** A pending host rejected; or, for a known host, the key it asks to switch to refused. */
    public Enrolment rejected() {
        if (status == EnrolmentStatus.PENDING) {
            return new Enrolment(hostId, EnrolmentStatus.REJECTED, publicKey, null);
        }
        if (pendingPublicKey == null) {
            throw new NotAllowed("host '" + hostId + "' is " + status.word() + " and nothing of it awaits a decision"
                    + (status == EnrolmentStatus.ACCEPTED ? ": revoke it to refuse its messages" : ""));
        }
        return withKeys(publicKey, null);
    }

    public Enrolment revoked() {
        if (status == EnrolmentStatus.REVOKED) {
            throw new NotAllowed("host '" + hostId + "' is already revoked");
        }
        return new Enrolment(hostId, EnrolmentStatus.REVOKED, publicKey, null);
    }

    private Enrolment withKeys(byte[] key, byte[] pending) {
        return new Enrolment(hostId, status, key, pending);
    }

    /** A key as an admin compares it with what the agent prints; "none" for no key. */
    public static String fingerprint(byte[] key) {
        return key == null ? "none" : HostKeys.fingerprint(key);
    }
}
