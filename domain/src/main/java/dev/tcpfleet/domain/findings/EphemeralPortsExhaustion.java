package dev.tcpfleet.domain.findings;

import static dev.tcpfleet.domain.findings.FindingCodes.EPHEMERAL_PORTS_EXHAUSTION;

import dev.tcpfleet.domain.sysctl.SysctlCatalogue;
import dev.tcpfleet.protocol.DestinationUsage;
import dev.tcpfleet.protocol.EphemeralPorts;
import dev.tcpfleet.protocol.Finding;
import dev.tcpfleet.protocol.Finding.Severity;
import dev.tcpfleet.protocol.HostSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * Local ports running out toward one destination: each connection to it needs its own, so the range runs out
 * per (local address, remote address, remote port), and connect() then fails with EADDRNOTAVAIL. The agent
 * counts per destination over all local addresses, which is exact for the usual single source address.
 */
final class EphemeralPortsExhaustion {
    private EphemeralPortsExhaustion() {
    }

    static List<Finding> find(HostSnapshot snapshot, FindingThresholds thresholds) {
        List<Finding> findings = new ArrayList<>();
        for (DestinationUsage destination : snapshot.topDestinations()) {
            thresholds.ephemeralPortUsage().severityOf(destination.ephemeralUsage()).ifPresent(severity ->
                    findings.add(finding(snapshot, severity, destination.endpoint(),
                            destination.ephemeralPortsInUse() + " of " + destination.ephemeralRangeSize()
                                    + " ephemeral ports in use toward " + destination.endpoint() + " ("
                                    + Figures.percent(destination.ephemeralUsage()) + ")")));
        }
        // The busiest destination by ports may not be among the busiest by sockets the snapshot lists.
        EphemeralPorts ports = snapshot.ephemeralPorts();
        if (ports != null && ports.busiestEndpoint() != null
                && findings.stream().noneMatch(finding -> finding.subject().equals(ports.busiestEndpoint()))) {
            thresholds.ephemeralPortUsage().severityOf(ports.highestUsage()).ifPresent(severity ->
                    findings.add(finding(snapshot, severity, ports.busiestEndpoint(),
                            Figures.percent(ports.highestUsage()) + " of the ephemeral range " + ports.rangeLow() + "-"
                                    + ports.rangeHigh() + " in use toward " + ports.busiestEndpoint())));
        }
        return findings;
    }

    private static Finding finding(HostSnapshot snapshot, Severity severity, String endpoint, String evidence) {
        return new Finding(EPHEMERAL_PORTS_EXHAUSTION, severity, endpoint, evidence,
                "Every connection to one destination needs its own local port, and TIME_WAIT sockets keep theirs for "
                        + "60 s; when none is left, connect() fails with \"Cannot assign requested address\".",
                "Pool connections to it; widen " + Figures.quote(snapshot, SysctlCatalogue.IP_LOCAL_PORT_RANGE)
                        + "; or spread the traffic over more destination addresses or ports.");
    }
}
