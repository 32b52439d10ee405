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
            before = List.copyOf(before);
            after = List.copyOf(after);
        }

        boolean hasData() {
            return !before.isEmpty() && !after.isEmpty();
        }
    }

    /**
     * @param minBaselineHosts fewer baseline hosts with data than this: judged before/after, marked weaker
     * @param minSamples       fewer samples on either side than this: inconclusive
     * @param alpha            the p-value below which a difference is significant
     * @param tolerancePercent the minimum effect, in percent of the canary's level before ...
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
        double levelBefore = median(canaryWithData.stream().flatMap(h -> h.before().stream()).toList());
        double minEffect = Math.max(settings.tolerancePercent() / 100 * Math.abs(levelBefore),
                settings.absoluteFloor());

        Mode mode;
        List<Double> canarySamples;
        List<Double> baselineSamples;
        Group baselineGroup;
        String against;
        if (baselineWithData.size() >= settings.minBaselineHosts()) {
            mode = Mode.BASELINE;
            canarySamples = normalised(canaryWithData);
            baselineSamples = normalised(baselineWithData);
            baselineGroup = new Group(baselineWithData.stream().map(HostSeries::hostId).toList(),
                    baselineSamples.size(), median(baselineSamples));
            against = "than on " + hosts(baselineWithData.size(), "baseline host");
        } else {
            mode = Mode.BEFORE_AFTER;
            canarySamples = canaryWithData.stream().flatMap(h -> h.after().stream()).toList();
            baselineSamples = canaryWithData.stream().flatMap(h -> h.before().stream()).toList();
            baselineGroup = new Group(canaryHosts, baselineSamples.size(), median(baselineSamples));
            against = "after the change than before (weaker: only " + hosts(baselineWithData.size(),
                    "baseline host") + " with data, " + settings.minBaselineHosts() + " needed)";
        }
        Group canaryGroup = new Group(canaryHosts, canarySamples.size(), median(canarySamples));
        double effect = canaryGroup.median() - baselineGroup.median();
        Double effectPercent = levelBefore == 0 ? null : effect * 100 / Math.abs(levelBefore);
        boolean weaker = mode == Mode.BEFORE_AFTER;

        if (canarySamples.size() < settings.minSamples() || baselineSamples.size() < settings.minSamples()) {
            String summary = String.format(Locale.ROOT, "%s inconclusive: too few samples to compare %s (%d and %d,"
                    + " %d needed a side)", metric, against, canarySamples.size(), baselineSamples.size(),
                    settings.minSamples());
            return new Verdict(metric, Result.INCONCLUSIVE, mode, weaker, Verdict.TEST, null, null, effect,
                    effectPercent, minEffect, canaryGroup, baselineGroup, window, summary);
        }
        MannWhitney.Result test = MannWhitney.test(canarySamples, baselineSamples);
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
                + " %d samples", metric, finding, number(effect), mode == Mode.BASELINE ? "baseline" : "before",
                effectPercent == null ? "level before 0" : String.format(Locale.ROOT, "%+.0f%%", effectPercent),
                Verdict.TEST, test.p(), canarySamples.size(), baselineSamples.size());
        return new Verdict(metric, result, mode, weaker, Verdict.TEST, test.u(), test.p(), effect, effectPercent,
                minEffect, canaryGroup, baselineGroup, window, summary);
    }

    /**
     * Each after-sample less its own host's median before: hosts at different levels become comparable, and a load
     * trend every host shares cancels out of the comparison.
     */
    static List<Double> normalised(List<HostSeries> hosts) {
        List<Double> samples = new ArrayList<>();
        for (HostSeries host : hosts) {
            double level = median(host.before());
            host.after().forEach(v -> samples.add(v - level));
        }
        return samples;
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
