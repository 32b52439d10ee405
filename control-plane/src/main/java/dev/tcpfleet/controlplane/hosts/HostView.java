package dev.tcpfleet.controlplane.hosts;

import java.time.Instant;
import java.util.Map;

/**
 * @param stale      it has not reported for {@code tcpfleet.hosts.stale-after}: fleet operations leave it out
 * @param enrolment  pending, accepted, rejected or revoked: only accepted hosts are chosen for fleet operations
 */
public record HostView(String id, String hostname, Map<String, String> labels, String agentVersion,
        Instant firstSeen, Instant lastSeen, boolean stale, String enrolment) {

    static HostView of(Host host, boolean stale) {
        return new HostView(host.id(), host.hostname(), host.labels(), host.agentVersion(), host.firstSeen(),
                host.lastSeen(), stale, host.enrolment());
    }
}
