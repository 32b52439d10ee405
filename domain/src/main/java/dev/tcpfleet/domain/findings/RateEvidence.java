package dev.tcpfleet.domain.findings;

import dev.tcpfleet.protocol.TcpCounters;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/** Counter rates judged together: one finding when any is over its own threshold, quoting them all. */
final class RateEvidence {
    private RateEvidence() {
    }

    /**
     * @param counters   the snapshot's counters, or null
     * @param thresholds counter name → the rate per second it must be over, in the order the evidence lists them
     * @return the evidence, e.g. {@code ListenOverflows 2.5/s, ListenDrops 2.5/s over the last 30 s}, or empty
     *         when no rate is over its threshold (or there are no rates)
     */
    static Optional<String> anyOver(TcpCounters counters, List<Map.Entry<String, Double>> thresholds) {
        if (counters == null) {
            return Optional.empty();
        }
        StringJoiner rates = new StringJoiner(", ");
        boolean over = false;
        for (Map.Entry<String, Double> threshold : thresholds) {
            Double rate = counters.rate(threshold.getKey());
            if (rate != null) {
                rates.add(threshold.getKey() + " " + Figures.rate(rate));
                over |= rate > threshold.getValue();
            }
        }
        return over ? Optional.of(rates + interval(counters)) : Optional.empty();
    }

    /** The rates of {@code names} that the counters have, e.g. {@code ListenOverflows 2.5/s over the last 30 s}. */
    static String of(TcpCounters counters, List<String> names) {
        StringJoiner rates = new StringJoiner(", ");
        for (String name : names) {
            Double rate = counters.rate(name);
            if (rate != null) {
                rates.add(name + " " + Figures.rate(rate));
            }
        }
        return rates + interval(counters);
    }

    static String interval(TcpCounters counters) {
        return counters.intervalSeconds() == null ? ""
                : String.format(Locale.ROOT, " over the last %.0f s", counters.intervalSeconds());
    }
}
