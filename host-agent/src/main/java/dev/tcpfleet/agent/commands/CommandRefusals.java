package dev.tcpfleet.agent.commands;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Counts the command messages this agent refused, by reason ({@value #METRIC} on /q/metrics), and sums them up for
 * the log: the first refusal after a quiet spell in full, then at most one line per {@link #SUMMARY_EVERY}, so a
 * flood of forged messages costs a counter each, not a log line each. Command thread only, but for the counters.
 */
public final class CommandRefusals {
    public static final String METRIC = "tcpfleet.agent.commands.refused";
    static final Duration SUMMARY_EVERY = Duration.ofMinutes(1);

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Long> sinceSummary = new TreeMap<>();
    private Instant lastLine = Instant.MIN;

    public CommandRefusals(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /**
     * Counts one refusal; returns the log line due now, if any: this refusal in full after a quiet spell, or the sum
     * of those since the last line.
     */
    public Optional<String> refused(String reason, String detail) {
        counters.computeIfAbsent(reason, tag -> Counter.builder(METRIC)
                .description("command messages refused: unreadable, unsigned and bad_signature ones are dropped"
                        + " unanswered; genuine ones refused (wrong_host, bad_id, expired) are answered")
                .tag("reason", tag).register(registry)).increment();
        if (sinceSummary.isEmpty() && isDue()) {
            lastLine = clock.instant();
            return Optional.of("refused a command message (" + reason + "): " + detail
                    + "; further refusals are summed up every " + SUMMARY_EVERY.toSeconds() + " s");
        }
        sinceSummary.merge(reason, 1L, Long::sum);
        return summaryIfDue();
    }

    /** The sum of the refusals since the last line, once {@link #SUMMARY_EVERY} has passed since it. */
    public Optional<String> summaryIfDue() {
        if (sinceSummary.isEmpty() || !isDue()) {
            return Optional.empty();
        }
        long total = sinceSummary.values().stream().mapToLong(Long::longValue).sum();
        String line = "refused " + total + " more command messages since " + lastLine + " ("
                + sinceSummary.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", ")) + ")";
        sinceSummary.clear();
        lastLine = clock.instant();
        return Optional.of(line);
    }

    private boolean isDue() {
        return !clock.instant().isBefore(lastLine.plus(SUMMARY_EVERY));
    }
}
