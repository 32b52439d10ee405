package dev.tcpfleet.controlplane.enrolment;

/**
 * The body of an admin's decision on a host's enrolment.
 *
 * @param reason      why: required to reject or revoke, optional to accept
 * @param fingerprint to accept: the fingerprint of the key the admin compared with the agent's; the accept is a 409
 *                    if the key waiting is another (one presented since)
 */
public record DecisionRequest(String reason, String fingerprint) {
}
