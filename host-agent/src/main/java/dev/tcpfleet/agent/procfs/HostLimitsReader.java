package dev.tcpfleet.agent.procfs;

import dev.tcpfleet.protocol.HostLimits;
import java.util.Map;
import java.util.TreeMap;

/** {@link HostLimits}: the conntrack table and the system-wide file handle table. */
public final class HostLimitsReader {
    public static final String CONNTRACK_COUNT = "sys/net/netfilter/nf_conntrack_count";
    public static final String CONNTRACK_MAX = "sys/net/netfilter/nf_conntrack_max";
    public static final String FILE_NR = "sys/fs/file-nr";

    private static final String COUNT_FIGURE = "limits.conntrackCount";
    private static final String MAX_FIGURE = "limits.conntrackMax";
    private static final Map<String, String> CONNTRACK_NOT_LOADED =
            Map.of(COUNT_FIGURE, ProcText.absent(CONNTRACK_COUNT), MAX_FIGURE, ProcText.absent(CONNTRACK_MAX));

    private final ProcFs procFs;

    public HostLimitsReader(ProcFs procFs) {
        this.procFs = procFs;
    }

    /**
     * The limits, or null when none could be read. Without the conntrack module both conntrack files are absent:
     * that is a host with no conntrack table, not a missing figure, so it is not reported.
     */
    public HostLimits read(Map<String, String> unavailable) {
        Map<String, String> conntrackProblems = new TreeMap<>();
        Long conntrackCount = ProcText.readFigure(procFs, CONNTRACK_COUNT, COUNT_FIGURE, HostLimitsReader::parseNumber,
                "not a number", conntrackProblems);
        Long conntrackMax = ProcText.readFigure(procFs, CONNTRACK_MAX, MAX_FIGURE, HostLimitsReader::parseNumber,
                "not a number", conntrackProblems);
        if (!conntrackProblems.equals(CONNTRACK_NOT_LOADED)) {
            unavailable.putAll(conntrackProblems);
        }
        long[] fileNr = ProcText.readFigure(procFs, FILE_NR, "limits.files", HostLimitsReader::parseFileNr,
                "not three numbers", unavailable);
        if (conntrackCount == null && conntrackMax == null && fileNr == null) {
            return null;
        }
        return new HostLimits(conntrackCount, conntrackMax, fileNr == null ? null : fileNr[0],
                fileNr == null ? null : fileNr[2]);
    }

    /** {@code fs.file-nr}: allocated, unused (always 0 since 2.6) and maximum; null when not three numbers. */
    public static long[] parseFileNr(String content) {
        return ProcText.leadingNumbers(content, 3);
    }

    /** A file holding one number, e.g. {@code nf_conntrack_count}; null when it holds none. */
    public static Long parseNumber(String content) {
        long[] number = ProcText.leadingNumbers(content, 1);
        return number == null ? null : number[0];
    }
}
