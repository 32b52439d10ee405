package dev.tcpfleet.e2e;

import dev.tcpfleet.testing.NetNamespace;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code ss} and {@code cat} say about one namespace's TCP sockets, read back to back.
 *
 * @param sockets    {@code ss -tanp}
 * @param listeners  {@code ss -ltn}
 * @param summary    {@code ss -s}
 * @param sockstat   /proc/net/sockstat and sockstat6 as {@code "TCP.inuse"}, {@code "TCP6.inuse"}, …
 * @param netstat    /proc/net/netstat as {@code "TcpExt.ListenOverflows"}, …
 * @param portRangeLow  {@code net.ipv4.ip_local_port_range} first port
 * @param portRangeHigh its last port
 */
record NamespaceReading(SsOutput sockets, SsOutput listeners, SsSummary summary, Map<String, Long> sockstat,
        Map<String, Long> netstat, int portRangeLow, int portRangeHigh) {

    static NamespaceReading take(NetNamespace ns) {
        SsOutput sockets = SsOutput.parse(ns.run("ss", "-tanp"));
        SsOutput listeners = SsOutput.parse(ns.run("ss", "-ltn"));
        SsSummary summary = SsSummary.parse(ns.run("ss", "-s"));
        Map<String, Long> sockstat = sockstat(ns.run("cat", "/proc/net/sockstat", "/proc/net/sockstat6"));
        Map<String, Long> netstat = netstat(ns.run("cat", "/proc/net/netstat"));
        String[] range = ns.run("cat", "/proc/sys/net/ipv4/ip_local_port_range").trim().split("\\s+");
        return new NamespaceReading(sockets, listeners, summary, sockstat, netstat, Integer.parseInt(range[0]),
                Integer.parseInt(range[1]));
    }

    int portRangeSize() {
        return portRangeHigh - portRangeLow + 1;
    }

    boolean ephemeral(int port) {
        return port >= portRangeLow && port <= portRangeHigh;
    }

    /** {@code TCP: inuse 24 orphan 0 tw 4 alloc 50 mem 186} → TCP.inuse=24, TCP.orphan=0, … */
    static Map<String, Long> sockstat(String text) {
        Map<String, Long> figures = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            String protocol = fields[0].replace(":", "");
            for (int i = 1; i + 1 < fields.length; i += 2) {
                figures.put(protocol + "." + fields[i], Long.parseLong(fields[i + 1]));
            }
        }
        return Map.copyOf(figures);
    }

    /** Header and value lines in pairs: {@code TcpExt: A B} / {@code TcpExt: 1 2} → TcpExt.A=1, TcpExt.B=2. */
    static Map<String, Long> netstat(String text) {
        List<String> lines = Arrays.asList(text.split("\n"));
        Map<String, Long> figures = new HashMap<>();
        for (int i = 0; i + 1 < lines.size(); i += 2) {
            String[] names = lines.get(i).trim().split("\\s+");
            String[] values = lines.get(i + 1).trim().split("\\s+");
            String group = names[0].replace(":", "");
            for (int j = 1; j < names.length && j < values.length; j++) {
                figures.put(group + "." + names[j], Long.parseLong(values[j]));
            }
        }
        return Map.copyOf(figures);
    }
}
