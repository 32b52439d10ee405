package dev.tcpfleet.agent.snapshot;

import dev.tcpfleet.protocol.TcpCounters;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns successive counter totals into per-second rates. Holds the previous call's totals, so one instance
 * serves one sequence of snapshots.
 */
public final class CounterRateTracker {
    private static final double NANOS_PER_SECOND = 1e9;

    private final Set<String> gauges;
    private Map<String, Long> previousTotals;
    private Instant previousAt;

    /** @param gauges figures among the totals that are levels, not counts: they get no rate and never reset */
    public CounterRateTracker(Set<String> gauges) {
        this.gauges = Set.copyOf(gauges);
    }

    /**
     * The totals read {@code at}, with rates since the previous call. The first call has no rates; neither
     * does a call no later than the previous one (the clock stepped back). A counter lower than before is
     * listed as reset, with no rate: its namespace was recreated or the counter wrapped, and a negative rate
     * would be a lie. A counter new since the previous call has no rate yet.
     */
    public synchronized TcpCounters next(Map<String, Long> totals, Instant at) {
        Map<String, Double> perSecond = new TreeMap<>();
        List<String> reset = new ArrayList<>();
        Double intervalSeconds = null;
        if (previousAt != null) {
            Duration interval = Duration.between(previousAt, at);
            double seconds = interval.getSeconds() + interval.getNano() / NANOS_PER_SECOND;
            for (Map.Entry<String, Long> counter : new TreeMap<>(totals).entrySet()) {
                Long before = previousTotals.get(counter.getKey());
                if (before == null || gauges.contains(counter.getKey())) {
                    continue;
                }
                long delta = counter.getValue() - before;
                if (delta < 0) {
                    reset.add(counter.getKey());
                } else if (seconds > 0) {
                    perSecond.put(counter.getKey(), delta / seconds);
                }
            }
            intervalSeconds = seconds > 0 ? seconds : null;
        }
        previousTotals = Map.copyOf(totals);
        previousAt = at;
        return new TcpCounters(totals, perSecond, intervalSeconds, reset);
    }
}
