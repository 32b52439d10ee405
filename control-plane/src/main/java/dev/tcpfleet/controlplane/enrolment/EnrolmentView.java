package dev.tcpfleet.controlplane.enrolment;

import java.time.Instant;
import java.util.Map;

/**
 * A host's enrolment as the API shows it.
 *
 * @param fingerprint        the first 16 hex digits of the SHA-256 of the key it is known by ("none" for a host
 *                           accepted before host identity that has not sent a sealed message yet); the agent prints
 *                           its own at start, for an admin to compare
 * @param pendingFingerprint another key it presented since, awaiting a decision (a re-enrolment); null if none
 * @param hostname           and {@code labels}: what the message that asked said
 */
public record EnrolmentView(String hostId, String status, String fingerprint, String pendingFingerprint,
        String hostname, Map<String, String> labels, Instant requestedAt, Instant decidedAt, String decidedBy,
        String reason) {

    static EnrolmentView of(EnrolmentStore.Row row) {
        Enrolment enrolment = row.enrolment();
        return new EnrolmentView(enrolment.hostId(), enrolment.status().word(),
                Enrolment.fingerprint(enrolment.publicKey()),
                enrolment.pendingPublicKey() == null ? null : Enrolment.fingerprint(enrolment.pendingPublicKey()),
                row.hostname(), row.labels(), row.requestedAt(), row.decidedAt(), row.decidedBy(), row.reason());
    }
}
