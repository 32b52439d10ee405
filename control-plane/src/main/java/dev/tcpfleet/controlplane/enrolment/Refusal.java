package dev.tcpfleet.controlplane.enrolment;

/**
 * Why a host's message was refused: the word opens the dead letter's reason and tags
 * {@code tcpfleet.messages.refused}, a fixed set so the metric stays small whatever the messages say.
 */
public enum Refusal {
    /** No public key or MAC header, or one of the wrong length. */
    UNSEALED("unsealed"),
    /** The record's key names another host than its body. */
    HOST_ID("host id"),
    /** The MAC does not match the value under the key agreed with the key presented. */
    BAD_MAC("bad mac"),
    /** The host is known with another key: the new one waits for an admin, never switched automatically. */
    KEY_MISMATCH("key mismatch"),
    PENDING("pending"),
    REJECTED("rejected"),
    REVOKED("revoked"),
    /** A snapshot collected too far ahead of, or too long before, the broker's timestamp of its record. */
    CLOCK("clock"),
    /** This control plane has no signing key, so it cannot agree a key with any host. */
    NO_KEY("no key");

    private final String word;

    Refusal(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }
}
