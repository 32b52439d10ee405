package dev.tcpfleet.protocol;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * TCP counters from {@code /proc/net/snmp} ({@code Tcp:}) and {@code /proc/net/netstat} ({@code TcpExt:}),
 * named as the kernel names them, e.g. {@code RetransSegs}, {@code ListenOverflows}.
 *
 * @param totals          counter values since boot (or since the network namespace was created)
 * @param perSecond       rates since the previous snapshot; empty on the first one
 * @param intervalSeconds the time the rates cover, or null on the first snapshot
 * @param reset           counters that went backwards since the previous snapshot (no rate for them)
 */
public record TcpCounters(
        Map<String, Long> totals,
        Map<String, Double> perSecond,
        Double intervalSeconds,
        List<String> reset) {

    public TcpCounters {
        totals = totals == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(totals));
        perSecond = perSecond == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(perSecond));
        reset = reset == null ? List.of() : List.copyOf(reset);
    }

    public long total(String counter) {
        return totals.getOrDefault(counter, 0L);
    }

    /** The rate, or null when there is none (first snapshot, counter missing or reset). */
    public Double rate(String counter) {
        return perSecond.get(counter);
    }
}
