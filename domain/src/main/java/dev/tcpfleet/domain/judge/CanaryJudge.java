package dev.tcpfleet.domain.judge;

import dev.tcpfleet.domain.judge.Verdict.Group;
import dev.tcpfleet.domain.judge.Verdict.Mode;
import dev.tcpfleet.domain.judge.Verdict.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Judges a change the way canary analysis does (Kayenta, Argo Rollouts): the changed hosts against comparable
 * unchanged hosts over the same window, with a named test and a minimum effect, so that neither noise nor a load
 * change common to every host is credited to the change. See DESIGN.md beside this class.
 */
public final class CanaryJudge {
    /** Which way a figure gets worse. */
    public enum Direction { HIGHER_IS_WORSE, LOWER_IS_WORSE }

    /**
     * One host's samples of the metric over the before window and over the after window (the same clock times for
     * every host of a judgement).
     */
    public record HostSeries(String hostId, List<Double> before, List<Double> after) {
        public HostSeries {
            before = finite(before);
            after = finite(after);
        }

        /** A NaN or infinite sample (a broken scrape) has no rank: it is left out rather than tested. */
        private static List<Double> finite(List<Double> samples) {
            return samples.stream().filter(v -> v != null && Double.isFinite(v)).toList();
        }

        boolean hasData() {
            return !before.isEmpty() && !after.isEmpty();
        }
    }

    /**
     * @param minBaselineHosts fewer baseline hosts with data than this: judged before/after, marked weaker
     * @param minSamples       fewer samples on either side than this: inconclusive
     * @param alpha            the p-value below which a difference is significant
     * @param tolerancePercent the minimum effect, in percent of the canary's expected level ...
     * @param absoluteFloor    ... or this in the figure's units, whichever is more (10 % of 0 overflows is 0)
     */
    public record Settings(int minBaselineHosts, int minSamples, double alpha, double tolerancePercent,
            double absoluteFloor) {
        public static final int DEFAULT_MIN_BASELINE_HOSTS = 2;
        public static final int DEFAULT_MIN_SAMPLES = 6;
        public static final double DEFAULT_ALPHA = 0.05;

        public static Settings defaults(double tolerancePercent, double absoluteFloor) {
            return new Settings(DEFAULT_MIN_BASELINE_HOSTS, DEFAULT_MIN_SAMPLES, DEFAULT_ALPHA, tolerancePercent,
                    absoluteFloor);
        }
    }

    private CanaryJudge() {
    }

    public static Verdict judge(String metric, Direction direction, List<HostSeries> canary,
            List<HostSeries> baseline, Verdict.Window window, Settings settings) {
        List<HostSeries> canaryWithData = canary.stream().filter(HostSeries::hasData).toList();
        List<HostSeries> baselineWithData = baseline.stream().filter(HostSeries::hasData).toList();
        List<String> canaryHosts = canaryWithData.stream().map(HostSeries::hostId).toList();
        List<Double> canaryBefore = canaryWithData.stream().flatMap(h -> h.before().stream()).toList();
        List<Double> canaryAfter = canaryWithData.stream().flatMap(h -> h.after().stream()).toList();

        Mode mode;
        double factor;
        Group baselineGroup;
        String against;
        if (baselineWithData.size() >= settings.minBaselineHosts()) {
            mode = Mode.BASELINE;
            factor = trendFactor(baselineWithData);
            List<Double> baselineAfter = baselineWithData.stream().flatMap(h -> h.after().stream()).toList();
            baselineGroup = new Group(baselineWithData.stream().map(HostSeries::hostId).toList(),
                    baselineAfter.size(), median(baselineAfter));
            against = "than expected from " + hosts(baselineWithData.size(), "baseline host")
                    + String.format(Locale.ROOT, " (baseline moved x%.2f)", factor);
        } else {
            mode = Mode.BEFORE_AFTER;
            factor = 1;
            baselineGroup = new Group(canaryHosts, canaryBefore.size(), median(canaryBefore));
            against = "after the change than before (weaker: only " + hosts(baselineWithData.size(),
                    "baseline host") + " with data, " + settings.minBaselineHosts() + " needed)";
        }
        // What the canary would have read without the change: its own samples before, moved as the baseline moved.
        List<Double> expected = canaryBefore.stream().map(v -> v * factor).toList();
        double expectedLevel = median(expected);
        double minEffect = Math.max(settings.tolerancePercent() / 100 * Math.abs(expectedLevel),
                settings.absoluteFloor());
        Group canaryGroup = new Group(canaryHosts, canaryAfter.size(), median(canaryAfter));
        double effect = canaryGroup.median() - expectedLevel;
        Double effectPercent = expectedLevel == 0 ? null : effect * 100 / Math.abs(expectedLevel);
        boolean weaker = mode == Mode.BEFORE_AFTER;

        if (canaryAfter.size() < settings.minSamples() || expected.size() < settings.minSamples()) {
            String summary = String.format(Locale.ROOT, "%s inconclusive: too few samples to compare %s (%d and %d,"
                    + " %d needed a side)", metric, against, canaryAfter.size(), expected.size(),
                    settings.minSamples());
            return new Verdict(metric, Result.INCONCLUSIVE, mode, weaker, Verdict.TEST, null, null, effect,
                    effectPercent, minEffect, canaryGroup, baselineGroup, window, summary);
        }
        MannWhitney.Result test = MannWhitney.test(canaryAfter, expected, varianceInflation(canaryWithData));
        boolean significant = test.p() < settings.alpha();
        boolean large = Math.abs(effect) >= minEffect;
        Result result;
        if (significant && large) {
            result = (effect > 0) == (direction == Direction.HIGHER_IS_WORSE) ? Result.WORSE : Result.BETTER;
        } else if (!large) {
            result = Result.NO_DIFFERENCE;
        } else {
            result = Result.INCONCLUSIVE;
        }
        String finding = switch (result) {
            case BETTER, WORSE -> (effect < 0 ? "lower" : "higher") + " on the canary " + against;
            case NO_DIFFERENCE -> "no different on the canary " + against + (significant
                    ? " beyond the minimum effect " + String.format(Locale.ROOT, "%.3g", minEffect) : "");
            case INCONCLUSIVE -> "inconclusive on the canary " + against + " (beyond the minimum effect "
                    + String.format(Locale.ROOT, "%.3g", minEffect) + ", not significant)";
        };
        String summary = String.format(Locale.ROOT, "%s %s: median change %s vs %s (%s), %s p=%.3g over %d and"
                + " %d samples", metric, finding, number(effect), mode == Mode.BASELINE ? "expected" : "before",
                effectPercent == null ? "level expected 0" : String.format(Locale.ROOT, "%+.0f%%", effectPercent),
                Verdict.TEST, test.p(), canaryAfter.size(), expected.size());
        return new Verdict(metric, result, mode, weaker, Verdict.TEST, test.u(), test.p(), effect, effectPercent,
                minEffect, canaryGroup, baselineGroup, window, summary);
    }

    /**
     * How much the unchanged hosts moved between the windows: the median over baseline hosts of their median after
     * over their median before. A ratio, because load scales a figure: a host at 5x the baseline's level moves 5x
     * as far. Hosts at 0 before say nothing about a ratio and are left out; none left: 1.
     */
    static double trendFactor(List<HostSeries> baseline) {
        List<Double> ratios = new ArrayList<>();
        for (HostSeries host : baseline) {
            double before = median(host.before());
            if (before > 0) {
                ratios.add(median(host.after()) / before);
            }
        }
        return ratios.isEmpty() ? 1 : median(ratios);
    }

    /**
     * {@code (1 + r) / (1 - r)}, r the canary's lag-1 autocorrelation pooled over its hosts' windows before the
     * change (0 to 0.9): n samples of an AR(1) series carry about as much as n (1 - r) / (1 + r) independent ones.
     * Only the windows before: a change that moves the figure gradually (TIME_WAIT draining after a cap) would read
     * as autocorrelated noise in the window after and hide its own effect.
     */
    static double varianceInflation(List<HostSeries> canary) {
        double lagged = 0;
        double squares = 0;
        for (HostSeries host : canary) {
            List<Double> window = host.before();
            double mean = window.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            for (int i = 0; i < window.size(); i++) {
                double d = window.get(i) - mean;
                squares += d * d;
                if (i > 0) {
                    lagged += d * (window.get(i - 1) - mean);
                }
            }
        }
        double r = squares == 0 ? 0 : Math.min(0.9, Math.max(0, lagged / squares));
        return (1 + r) / (1 - r);
    }

    public static double median(List<Double> values) {
        if (values.isEmpty()) {
            return 0;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static String hosts(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private static String number(double value) {
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%+.0f", value)
                : String.format(Locale.ROOT, "%+.3g", value);
    }
}
