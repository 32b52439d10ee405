package dev.tcpfleet.domain.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.domain.judge.CanaryJudge.Direction;
import dev.tcpfleet.domain.judge.CanaryJudge.HostSeries;
import dev.tcpfleet.domain.judge.Verdict.Mode;
import dev.tcpfleet.domain.judge.Verdict.Result;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CanaryJudgeTest {
    private static final Verdict.Window WINDOW = new Verdict.Window(Instant.parse("2026-12-07T20:00:00Z"),
            Instant.parse("2026-12-07T20:01:00Z"));
    /** Samples a window at 1 s snapshots over a 60 s bake: the before and the after window alike. */
    private static final int SAMPLES = 60;
    private static final DoubleUnaryOperator FLAT = t -> 1;
    private static final DoubleUnaryOperator RISING = t -> 1 + t; // load doubles across both windows
    private static final DoubleUnaryOperator FALLING = t -> 2 - t; // and halves
    private static final DoubleUnaryOperator STEEP_FALL = t -> 2 - 1.5 * t; // a burst ageing out

    /** The production default minimum effect: a gate's tolerancePercent and absolute when the request leaves them out. */
    private static final CanaryJudge.Settings PRODUCTION = CanaryJudge.Settings.defaults(30, 0);
    private static final double CANARY_LEVEL = 2000;

    /**
     * A fleet's recorded distributions, as the simulator makes them: each host at its own level (baseline 1000,
     * 1700, 2400...), a load trend every host shares ({@code t} runs 0 to 1 over the before and after windows
     * together), the simulator's AR(1) multiplicative noise (1-3x, phi 0.6), and on the canary the change's own
     * factor from the after window on. One canary host; fixed seeds.
     */
    private static List<List<HostSeries>> fleet(long seed, int baselineHosts, DoubleUnaryOperator trend,
            double changeFactor, int samples) {
        return fleet(seed, baselineHosts, trend, changeFactor, samples, CANARY_LEVEL);
    }

    private static List<List<HostSeries>> fleet(long seed, int baselineHosts, DoubleUnaryOperator trend,
            double changeFactor, int samples, double canaryLevel) {
        Random random = new Random(seed);
        List<HostSeries> canary = List.of(host("canary", canaryLevel, random, trend, changeFactor, samples));
        List<HostSeries> baseline = new ArrayList<>();
        for (int h = 0; h < baselineHosts; h++) {
            baseline.add(host("base-" + h, 1000 + 700 * h, random, trend, 1, samples));
        }
        return List.of(canary, baseline);
    }

    private static HostSeries host(String id, double level, Random random, DoubleUnaryOperator trend,
            double changeFactor, int samples) {
        List<Double> before = new ArrayList<>();
        List<Double> after = new ArrayList<>();
        double noise = random.nextGaussian();
        for (int i = 0; i < 2 * samples; i++) {
            noise = 0.6 * noise + Math.sqrt(1 - 0.6 * 0.6) * random.nextGaussian(); // as SimulatedHost
            double spread = Math.min(3, Math.max(1, 2 * Math.exp(0.35 * noise))) / 2;
            double value = level * trend.applyAsDouble(i / (2.0 * samples)) * spread;
            if (i < samples) {
                before.add(value);
            } else {
                after.add(value * changeFactor);
            }
        }
        return new HostSeries(id, before, after);
    }

    static Stream<Arguments> recordedDistributions() {
        return Stream.of(
                // name, seed, baseline hosts, trend, change factor, samples, expected, mode
                Arguments.of("a change that halves the figure", 1L, 3, FLAT, 0.5, SAMPLES, Result.BETTER, Mode.BASELINE),
                Arguments.of("a change that doubles it", 2L, 3, FLAT, 2.0, SAMPLES, Result.WORSE, Mode.BASELINE),
                Arguments.of("a change that lowers it by a third under rising load", 3L, 3, RISING, 0.66, SAMPLES,
                        Result.BETTER, Mode.BASELINE),
                Arguments.of("a useless change under rising load", 4L, 3, RISING, 1.0, SAMPLES, Result.NO_DIFFERENCE,
                        Mode.BASELINE),
                Arguments.of("a useless change under falling load", 5L, 3, FALLING, 1.0, SAMPLES,
                        Result.NO_DIFFERENCE, Mode.BASELINE),
                Arguments.of("noise alone", 6L, 3, FLAT, 1.0, SAMPLES, Result.NO_DIFFERENCE, Mode.BASELINE),
                Arguments.of("too few samples", 7L, 3, FLAT, 0.5, 4, Result.INCONCLUSIVE, Mode.BASELINE),
                Arguments.of("one baseline host: before/after, weaker", 8L, 1, FLAT, 0.5, SAMPLES, Result.BETTER,
                        Mode.BEFORE_AFTER),
                // a burst ageing out reads -35 %: only the autocorrelation it shows keeps it from being credited
                Arguments.of("no baseline host, a burst ageing out: weaker", 9L, 0, STEEP_FALL, 1.0,
                        SAMPLES, Result.INCONCLUSIVE, Mode.BEFORE_AFTER)); // levels 5x and 0.2x the baseline's under each trend: levelsAndTrends below
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordedDistributions")
    void judgesRecordedDistributions(String name, long seed, int baselineHosts, DoubleUnaryOperator trend,
            double changeFactor, int samples, Result expected, Mode mode) {
        List<List<HostSeries>> fleet = fleet(seed, baselineHosts, trend, changeFactor, samples);
        Verdict verdict = CanaryJudge.judge("time_wait", Direction.HIGHER_IS_WORSE, fleet.get(0), fleet.get(1),
                WINDOW, CanaryJudge.Settings.defaults(25, 1));
        assertEquals(expected, verdict.result(), verdict.summary());
        assertEquals(mode, verdict.mode(), verdict.summary());
        assertEquals(mode == Mode.BEFORE_AFTER, verdict.weaker());
        assertEquals(Verdict.TEST, verdict.test());
        assertTrue(verdict.summary().startsWith("time_wait "), verdict.summary());
    }

    /**
     * Noise alone decides at most this many of {@link #NOISE_SEEDS} judgements at the production default minimum
     * effect (30 %), with the simulator's AR(1) noise and one canary host (measured 7 flat, 6 rising, 6 falling):
     * within alpha's 5 %.
     */
    private static final int FALSE_VERDICTS_AT_DEFAULT = 8;

    /**
     * A change that does nothing, at the production default minimum effect, over many seeds: however far the
     * canary's level is from the baseline's and whatever the trend, noise decides no more often than alpha allows,
     * and the same at 5x and 0.2x the baseline's level as at its level (the trend factor scales, it does not
     * subtract).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("levelsAndTrends")
    void noiseAloneNeitherPassesNorFailsAChange(String name, double canaryLevel, DoubleUnaryOperator trend) {
        List<String> falseVerdicts = new ArrayList<>();
        for (long seed = 100; seed < 100 + NOISE_SEEDS; seed++) {
            List<List<HostSeries>> fleet = fleet(seed, 3, trend, 1.0, SAMPLES, canaryLevel);
            Verdict verdict = CanaryJudge.judge("time_wait", Direction.HIGHER_IS_WORSE, fleet.get(0), fleet.get(1),
                    WINDOW, PRODUCTION);
            if (verdict.result() == Result.BETTER || verdict.result() == Result.WORSE) {
                falseVerdicts.add("seed " + seed + ": " + verdict.summary());
            }
        }
        assertTrue(falseVerdicts.size() <= FALSE_VERDICTS_AT_DEFAULT,
                falseVerdicts.size() + " of " + NOISE_SEEDS + " seeds decided by noise: " + falseVerdicts);
    }

    /**
     * At 10 % noise decides 20 to 29 of 200 (alpha's 5 % plus the baseline's trend factor's own error, which the
     * test does not see): why the default is 30 %. Pinned so that a judge that does better shows, and the default
     * can come down.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("levelsAndTrends")
    void belowTheDefaultMinimumEffectNoiseDecidesAboutOneJudgementInTen(String name, double canaryLevel,
            DoubleUnaryOperator trend) {
        long falseVerdicts = LongStream.range(100, 100 + NOISE_SEEDS).filter(seed -> {
            List<List<HostSeries>> fleet = fleet(seed, 3, trend, 1.0, SAMPLES, canaryLevel);
            Result result = CanaryJudge.judge("time_wait", Direction.HIGHER_IS_WORSE, fleet.get(0), fleet.get(1),
                    WINDOW, CanaryJudge.Settings.defaults(10, 0)).result();
            return result == Result.BETTER || result == Result.WORSE;
        }).count();
        assertTrue(falseVerdicts >= 15 && falseVerdicts <= 30, falseVerdicts + " of " + NOISE_SEEDS
                + " seeds decided by noise");
    }

    /** A change that halves the figure is found whatever the canary's level and the trend. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("levelsAndTrends")
    void aRealChangeIsFoundAtAnyLevelUnderAnyTrend(String name, double canaryLevel, DoubleUnaryOperator trend) {
        for (long seed = 100; seed < 110; seed++) {
            List<List<HostSeries>> fleet = fleet(seed, 3, trend, 0.5, SAMPLES, canaryLevel);
            Verdict verdict = CanaryJudge.judge("time_wait", Direction.HIGHER_IS_WORSE, fleet.get(0), fleet.get(1),
                    WINDOW, PRODUCTION);
            assertEquals(Result.BETTER, verdict.result(), "seed " + seed + ": " + verdict.summary());
        }
    }

    private static final int NOISE_SEEDS = 200;

    static Stream<Arguments> levelsAndTrends() {
        List<Arguments> rows = new ArrayList<>();
        for (double level : List.of(CANARY_LEVEL, 5 * 1700.0, 0.2 * 1700)) {
            for (String trend : List.of("flat", "rising", "falling")) {
                DoubleUnaryOperator load = switch (trend) {
                    case "rising" -> RISING;
                    case "falling" -> FALLING;
                    default -> FLAT;
                };
                rows.add(Arguments.of("canary at " + level + ", " + trend + " load", level, load));
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("directions")
    void theDirectionSaysWhichWayIsWorse(String name, Direction direction, double changeFactor, Result expected) {
        List<List<HostSeries>> fleet = fleet(11, 3, FLAT, changeFactor, SAMPLES);
        Verdict verdict = CanaryJudge.judge("conn_established", direction, fleet.get(0), fleet.get(1), WINDOW,
                CanaryJudge.Settings.defaults(25, 1));
        assertEquals(expected, verdict.result(), verdict.summary());
    }

    static Stream<Arguments> directions() {
        return Stream.of(Arguments.of("lower is worse, it fell", Direction.LOWER_IS_WORSE, 0.5, Result.WORSE),
                Arguments.of("lower is worse, it rose", Direction.LOWER_IS_WORSE, 2.0, Result.BETTER));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("effectSizes")
    void aDifferenceCountsOnlyFromTheMinimumEffect(String name, double changeFactor, double tolerancePercent,
            Result expected) {
        List<List<HostSeries>> fleet = fleet(12, 3, FLAT, changeFactor, 600);
        Verdict verdict = CanaryJudge.judge("time_wait", Direction.HIGHER_IS_WORSE, fleet.get(0), fleet.get(1),
                WINDOW, CanaryJudge.Settings.defaults(tolerancePercent, 1));
        assertEquals(expected, verdict.result(), verdict.summary());
    }

    static Stream<Arguments> effectSizes() {
        return Stream.of(
                Arguments.of("significant but below the minimum: no difference that matters", 0.85, 50.0,
                        Result.NO_DIFFERENCE),
                Arguments.of("significant and beyond it", 0.85, 5.0, Result.BETTER));
    }

    @org.junit.jupiter.api.Test
    void saysWhyItIsWeakerWhenTooFewBaselineHostsHaveData() {
        List<List<HostSeries>> fleet = fleet(13, 2, FLAT, 0.5, SAMPLES);
        List<HostSeries> baseline = List.of(fleet.get(1).get(0),
                new HostSeries("silent", List.of(), List.of()));
        Verdict verdict = CanaryJudge.judge("time_wait", Direction.HIGHER_IS_WORSE, fleet.get(0), baseline, WINDOW,
                CanaryJudge.Settings.defaults(25, 1));
        assertEquals(Mode.BEFORE_AFTER, verdict.mode());
        assertTrue(verdict.weaker());
        assertTrue(verdict.summary().contains("only 1 baseline host with data, 2 needed"), verdict.summary());
        assertEquals(List.of("canary"), verdict.baseline().hosts());
    }

    @org.junit.jupiter.api.Test
    void carriesTheSamplesMediansAndEffect() {
        HostSeries canary = new HostSeries("c", List.of(100.0, 100.0, 100.0, 100.0, 100.0, 100.0),
                List.of(53.0, 50.0, 55.0, 51.0, 54.0, 52.0));
        HostSeries b1 = new HostSeries("b1", List.of(10.0, 10.0, 10.0), List.of(10.0, 11.0, 12.0));
        HostSeries b2 = new HostSeries("b2", List.of(500.0, 500.0, 500.0), List.of(499.0, 500.0, 501.0));
        Verdict verdict = CanaryJudge.judge("time_wait", Direction.HIGHER_IS_WORSE, List.of(canary), List.of(b1, b2),
                WINDOW, CanaryJudge.Settings.defaults(10, 1));
        assertEquals(Result.BETTER, verdict.result(), verdict.summary());
        // b1 moved 11/10, b2 500/500: the factor is 1.05, the canary was expected at 105
        assertTrue(verdict.summary().contains("baseline moved x1.05"), verdict.summary());
        assertEquals(52.5, verdict.canary().median());
        assertEquals(255.5, verdict.baseline().median()); // raw, after
        assertEquals(-52.5, verdict.effect(), 1e-9);
        assertEquals(-50.0, verdict.effectPercent(), 1e-9);
        assertEquals(10.5, verdict.minEffect(), 1e-9);
        assertEquals(6, verdict.canary().samples());
        assertEquals(List.of("b1", "b2"), verdict.baseline().hosts());
        assertNotNull(verdict.p());
        assertEquals(WINDOW, verdict.window());
    }

    @org.junit.jupiter.api.Test
    void leavesOutSamplesThatAreNotNumbers() {
        List<List<HostSeries>> fleet = fleet(14, 3, FLAT, 0.5, SAMPLES);
        HostSeries clean = fleet.get(0).get(0);
        List<Double> after = new ArrayList<>(clean.after());
        after.addAll(List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
        HostSeries broken = new HostSeries("canary", clean.before(), after);
        Verdict verdict = CanaryJudge.judge("time_wait", Direction.HIGHER_IS_WORSE, List.of(broken), fleet.get(1),
                WINDOW, PRODUCTION);
        assertEquals(Result.BETTER, verdict.result(), verdict.summary());
        assertEquals(SAMPLES, verdict.canary().samples());
    }
}
