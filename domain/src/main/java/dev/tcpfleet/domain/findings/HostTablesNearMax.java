package dev.tcpfleet.domain.findings;

import static dev.tcpfleet.domain.findings.FindingCodes.CONNTRACK_NEAR_MAX;
import static dev.tcpfleet.domain.findings.FindingCodes.FILE_HANDLES_NEAR_MAX;

import dev.tcpfleet.domain.findings.FindingThresholds.Levels;
import dev.tcpfleet.protocol.Finding;
import dev.tcpfleet.protocol.HostLimits;
import dev.tcpfleet.protocol.HostSnapshot;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Host-wide tables that refuse new connections once full: conntrack entries and file handles. */
final class HostTablesNearMax {
    private HostTablesNearMax() {
    }

    static List<Finding> find(HostSnapshot snapshot, FindingThresholds thresholds) {
        HostLimits limits = snapshot.limits();
        if (limits == null) {
            return List.of();
        }
        return Stream.of(
                        nearMax(CONNTRACK_NEAR_MAX, limits.conntrackCount(), limits.conntrackMax(),
                                thresholds.conntrackUsage(),
                                "conntrack entries (nf_conntrack_count of nf_conntrack_max)",
                                "Once the table is full the kernel drops packets of new connections and logs "
                                        + "\"nf_conntrack: table full, dropping packet\".",
                                "Raise net.netfilter.nf_conntrack_max (with nf_conntrack_buckets), or exempt the "
                                        + "traffic from tracking (NOTRACK in the raw table)."),
                        nearMax(FILE_HANDLES_NEAR_MAX, limits.filesAllocated(), limits.filesMax(),
                                thresholds.fileHandleUsage(), "file handles (fs.file-nr of fs.file-max)",
                                "Once the table is full every open(), socket() and accept() fails with ENFILE.",
                                "Look for a process leaking descriptors (CLOSE_WAIT sockets are one kind), or raise "
                                        + "fs.file-max."))
                .flatMap(Optional::stream)
                .toList();
    }

    private static Optional<Finding> nearMax(String code, Long used, Long max, Levels levels, String table,
                                             String cause, String action) {
        if (used == null || max == null || max <= 0) {
            return Optional.empty();
        }
        double usage = (double) used / max;
        return levels.severityOf(usage).map(severity -> new Finding(code, severity, Subjects.HOST,
                used + " of " + max + " " + table + " in use (" + Figures.percent(usage) + ")", cause, action));
    }
}
