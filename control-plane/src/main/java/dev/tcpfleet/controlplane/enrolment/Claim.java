package dev.tcpfleet.controlplane.enrolment;

import java.time.Instant;
import java.util.Map;

/**
 * What a host's message says of itself, read from its body, beside the envelope it came in.
 *
 * @param hostname    and {@code labels}: what an admin sees of a host that asks to enrol (null for results)
 * @param collectedAt a snapshot's collection time, checked against the broker's timestamp; null for results
 */
public record Claim(Envelope envelope, String hostId, String hostname, Map<String, String> labels,
        Instant collectedAt) {
}
