package dev.tcpfleet.agent.snapshot;

import dev.tcpfleet.agent.procfs.ListenBacklogs;
import dev.tcpfleet.domain.findings.FindingThresholds;
import dev.tcpfleet.protocol.SysctlDrift;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How much of the picture a snapshot keeps: the lists are cut to their busiest entries so a snapshot
 * stays a few kilobytes on a host with 100,000 sockets.
 *
 * @param listenBacklogs where listen backlogs come from, or null to leave them unknown
 * @param thresholds     when figures become findings
 * @param managed        what tcpfleet last applied per sysctl (applied value and command), for drift
 * @param commandLines   what of each process's command line the snapshot carries
 */
public record SnapshotSettings(int topPorts, int topDestinations, int listeners, int processes, boolean scanProcesses,
                               ListenBacklogs listenBacklogs, FindingThresholds thresholds,
                               Supplier<Map<String, SysctlDrift>> managed, CommandLines commandLines) {
    public static SnapshotSettings defaults() {
        return new SnapshotSettings(20, 20, 50, 50, true, new ListenBacklogs("ss"), FindingThresholds.defaults(),
                Map::of, CommandLines.redacted());
    }

    public SnapshotSettings withThresholds(FindingThresholds newThresholds) {
        return new SnapshotSettings(topPorts, topDestinations, listeners, processes, scanProcesses, listenBacklogs,
                newThresholds, managed, commandLines);
    }

    public SnapshotSettings withManaged(Supplier<Map<String, SysctlDrift>> newManaged) {
        return new SnapshotSettings(topPorts, topDestinations, listeners, processes, scanProcesses, listenBacklogs,
                thresholds, newManaged, commandLines);
    }

    public SnapshotSettings withCommandLines(CommandLines newCommandLines) {
        return new SnapshotSettings(topPorts, topDestinations, listeners, processes, scanProcesses, listenBacklogs,
                thresholds, managed, newCommandLines);
    }
}
