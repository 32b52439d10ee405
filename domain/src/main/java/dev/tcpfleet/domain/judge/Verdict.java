package dev.tcpfleet.domain.judge;

import java.time.Instant;
import java.util.List;

/**
 * What {@link CanaryJudge} found for one metric, with everything it was found on.
 *
 * @param u             the Mann-Whitney statistic of the canary's samples; null when too few samples were tested
 * @param p             its two-sided p-value; null when too few samples were tested
 * @param effect        median(canary after) - median(expected: the canary's samples before times the baseline's
 *                      trend factor), in the figure's units
 * @param effectPercent the effect in percent of the median expected, null when that is 0
 * @param minEffect     the smallest effect that counts as a difference
 * @param canary        the changed hosts and their compared samples
 * @param baseline      what they were compared with: the unchanged hosts, or in {@link Mode#BEFORE_AFTER} the
 *                      canary's own before window
 * @param window        the after window both groups were sampled over
 */
public record Verdict(String metric, Result result, Mode mode, boolean weaker, String test, Double u, Double p,
        double effect, Double effectPercent, double minEffect, Group canary, Group baseline, Window window,
        String summary) {
    public static final String TEST = "Mann-Whitney U";

    public enum Result { BETTER, WORSE, NO_DIFFERENCE, INCONCLUSIVE }

    /** This verdict with {@code note} (what its caller chose before judging, e.g. hosts left out) ending its summary. */
    public Verdict noted(String note) {
        return new Verdict(metric, result, mode, weaker, test, u, p, effect, effectPercent, minEffect, canary, baseline,
                window, summary + "; " + note);
    }

    /** BEFORE_AFTER is the weaker fallback, used when too few baseline hosts had data. */
    public enum Mode { BASELINE, BEFORE_AFTER }

    /** @param median the median of the group's samples after the change (before it, for BEFORE_AFTER's baseline) */
    public record Group(List<String> hosts, int samples, double median) {
        public Group {
            hosts = List.copyOf(hosts);
        }
    }

    public record Window(Instant from, Instant to) {
    }
}
