package dev.tcpfleet.controlplane.alerts;

import dev.tcpfleet.domain.alerts.AlertState;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Alert moves counted by kind ({@code OK -> PENDING}), for a summary line a minute: a line per move grew with the
 * fleet's noise (336,000 lines, 60 MB in 80 minutes of hosts flapping around a threshold, issue 25), while each move
 * is in alert_events anyway. Counted when judged, so a batch stored again after a failure counts again.
 */
final class TransitionTally {
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    void count(AlertState.Status from, AlertState.Status to) {
        counts.computeIfAbsent(from + " -> " + to, kind -> new LongAdder()).increment();
    }

    /** The moves counted since the last call, most frequent kind first, and starts counting afresh; empty if none. */
    Optional<String> drain() {
        Map<String, Long> taken = new HashMap<>(); // ordered once below, by count then kind
        counts.forEach((kind, count) -> {
            long n = count.sumThenReset();
            if (n > 0) {
                taken.put(kind, n);
            }
        });
        if (taken.isEmpty()) {
            return Optional.empty();
        }
        long total = taken.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder line = new StringBuilder().append(total).append(" (");
        taken.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> line.append(line.charAt(line.length() - 1) == '(' ? "" : ", ").append(e.getKey())
                        .append(": ").append(e.getValue()));
        return Optional.of(line.append(')').toString());
    }
}
