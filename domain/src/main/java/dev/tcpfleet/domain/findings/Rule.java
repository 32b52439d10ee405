package dev.tcpfleet.domain.findings;

import dev.tcpfleet.protocol.Finding;
import dev.tcpfleet.protocol.HostSnapshot;
import java.util.List;

/** One pattern looked for in a snapshot. A part the snapshot lacks yields nothing. */
interface Rule {
    List<Finding> find(HostSnapshot snapshot, FindingThresholds thresholds);
}
