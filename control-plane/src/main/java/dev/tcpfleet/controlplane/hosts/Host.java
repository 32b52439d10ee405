package dev.tcpfleet.controlplane.hosts;

import java.time.Instant;
import java.util.Map;

/**
 * A host that has reported at least once, as {@link HostRegistry} reads it; written only by its upsert.
 *
 * @param labels    never null: the column defaults to an empty object
 * @param enrolment its enrolment's status (see enrolment/), null before it has one: only an accepted host may be
 *                  chosen for fleet work
 */
public record Host(String id, String hostname, Map<String, String> labels, String agentVersion, Instant firstSeen,
        Instant lastSeen, String enrolment) {

    public boolean accepted() {
        return "accepted".equals(enrolment);
    }
}
