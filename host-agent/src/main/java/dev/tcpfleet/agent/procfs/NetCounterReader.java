package dev.tcpfleet.agent.procfs;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The TCP counters of {@code /proc/net/snmp} ({@code Tcp:}) and {@code /proc/net/netstat} ({@code TcpExt:}),
 * named as the kernel names them. Each file holds sections as pairs of lines, a header of names and then a
 * line of values, both starting with the section's name.
 */
public final class NetCounterReader {
    public static final String SNMP = "net/snmp";
    public static final String NETSTAT = "net/netstat";

    /** The {@code Tcp:} counters worth having; RtoMin and friends are constants and MaxConn is always -1. */
    public static final List<String> TCP_COUNTERS = List.of(
            "ActiveOpens", "PassiveOpens", "AttemptFails", "EstabResets", "CurrEstab",
            "InSegs", "OutSegs", "RetransSegs", "InErrs", "OutRsts");

    /** The {@code TcpExt:} counters that explain refused, dropped, reset and retransmitted connections. */
    public static final List<String> TCP_EXT_COUNTERS = List.of(
            "ListenOverflows", "ListenDrops", "TCPTimeouts", "TCPAbortOnTimeout", "TCPAbortOnData",
            "TCPAbortOnClose", "TCPAbortOnMemory", "TCPAbortOnLinger", "TCPSynRetrans", "TCPBacklogDrop",
            "TCPRcvQDrop", "TCPMemoryPressures", "TCPOFODrop", "TCPRetransFail", "TWRecycled", "TW", "TWKilled",
            "TCPLossProbes", "SyncookiesSent", "SyncookiesFailed", "TCPReqQFullDrop", "TCPReqQFullDoCookies");

    /** Figures that are a level, not a running count: no rate, and going down is no reset. */
    public static final Set<String> GAUGES = Set.of("CurrEstab");

    private final ProcFs procFs;

    public NetCounterReader(ProcFs procFs) {
        this.procFs = procFs;
    }

    /** Counter name → total, for the counters this kernel has; the rest are reported in {@code unavailable}. */
    public Map<String, Long> read(Map<String, String> unavailable) {
        Map<String, Long> totals = new TreeMap<>();
        totals.putAll(readSection(SNMP, "Tcp", TCP_COUNTERS, unavailable));
        totals.putAll(readSection(NETSTAT, "TcpExt", TCP_EXT_COUNTERS, unavailable));
        return totals;
    }

    private Map<String, Long> readSection(String file, String section, List<String> wanted,
                                          Map<String, String> unavailable) {
        return ProcText.read(procFs, file, figure(section), unavailable)
                .map(content -> parseSection(content, file, section, wanted, unavailable))
                .orElse(Map.of());
    }

    /**
     * The {@code wanted} counters of {@code section} in {@code content} (read from {@code file}). A section that
     * is missing, or whose value line is missing or does not match its header (a truncated read), yields nothing;
     * a wanted counter this kernel does not have or whose value is not a number is left out. Either is reported.
     */
    public static Map<String, Long> parseSection(String content, String file, String section, List<String> wanted,
                                                 Map<String, String> unavailable) {
        String prefix = section + ":";
        String[] header = null;
        String[] values = null;
        for (String line : content.split("\n")) {
            if (line.startsWith(prefix)) {
                String[] fields = ProcText.fields(line.substring(prefix.length()));
                if (header == null) {
                    header = fields;
                } else {
                    values = fields;
                    break;
                }
            }
        }
        String problem = header == null ? "no " + prefix + " section"
                : values == null ? prefix + " names without values"
                : header.length != values.length
                        ? prefix + " " + header.length + " names but " + values.length + " values"
                        : null;
        Map<String, Long> counters = new TreeMap<>();
        if (problem != null) {
            unavailable.put(figure(section), file + ": " + problem);
            return counters;
        }
        Map<String, Integer> positions = new TreeMap<>();
        for (int i = 0; i < header.length; i++) {
            positions.putIfAbsent(header[i], i);
        }
        for (String name : wanted) {
            Integer position = positions.get(name);
            Long value = position == null ? null : ProcText.parseLong(values[position]);
            if (value != null) {
                counters.put(name, value);
            } else {
                unavailable.put(figure(name), file + ": " + (position == null
                        ? "no " + name + " in " + prefix + " on this kernel" : name + " is not a number"));
            }
        }
        return counters;
    }

    private static String figure(String counterOrSection) {
        return "tcpCounters." + counterOrSection;
    }
}
