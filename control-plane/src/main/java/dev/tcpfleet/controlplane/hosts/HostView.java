package dev.tcpfleet.controlplane.hosts;

import java.time.Instant;
import java.util.Map;

public record HostView(String id, String hostname, Map<String, String> labels, String agentVersion,
        Instant firstSeen, Instant lastSeen) {

    static HostView of(Host host) {
        return new HostView(host.id, host.hostname, host.labels == null ? Map.of() : host.labels, host.agentVersion,
                host.firstSeen, host.lastSeen);
    }
}
