package dev.tcpfleet.e2e;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ss -s}'s TCP figures. {@code allocated} and {@code orphaned} come from the host-wide sockstat
 * counters, the rest from the namespace's own.
 *
 * @param allocated {@code TCP: N} — sockstat {@code alloc}
 * @param estab     snmp CurrEstab: ESTABLISHED plus CLOSE_WAIT
 * @param orphaned  sockstat {@code orphan}
 * @param timewait  sockstat {@code tw}
 * @param inUseIpv4 the TCP row's IP column — sockstat {@code inuse}
 * @param inUseIpv6 the TCP row's IPv6 column — sockstat6 {@code inuse}
 */
record SsSummary(long allocated, long estab, long orphaned, long timewait, long inUseIpv4, long inUseIpv6) {
    private static final Pattern TCP_LINE = Pattern.compile(
            "(?m)^TCP:\\s+(\\d+) \\(estab (\\d+), closed \\d+, orphaned (\\d+), timewait (\\d+)(?:/\\d+)?\\)");
    private static final Pattern TCP_ROW = Pattern.compile("(?m)^TCP\\s+\\d+\\s+(\\d+)\\s+(\\d+)");

    static SsSummary parse(String text) {
        Matcher line = TCP_LINE.matcher(text);
        Matcher row = TCP_ROW.matcher(text);
        if (!line.find() || !row.find()) {
            throw new IllegalArgumentException("no TCP figures in ss -s output:\n" + text);
        }
        return new SsSummary(Long.parseLong(line.group(1)), Long.parseLong(line.group(2)), Long.parseLong(line.group(3)),
                Long.parseLong(line.group(4)), Long.parseLong(row.group(1)), Long.parseLong(row.group(2)));
    }
}
