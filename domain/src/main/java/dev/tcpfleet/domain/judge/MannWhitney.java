package dev.tcpfleet.domain.judge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The two-sided Mann-Whitney U test by its normal approximation, with the tie correction and the continuity
 * correction (as SciPy's {@code mannwhitneyu(method="asymptotic")}); close to the exact test from about 6 samples a
 * side. It asks whether one sample tends to be larger than the other without assuming either is normal, which fleet
 * figures (bursty, skewed, bounded at 0) are not.
 */
public final class MannWhitney {
    /** {@code u} is the statistic of the first sample (how many pairs it wins, ties counting a half). */
    public record Result(double u, double p) {
    }

    private MannWhitney() {
    }

    public static Result test(List<Double> first, List<Double> second) {
        return test(first, second, 1);
    }

    /**
     * @param varianceInflation how much autocorrelation widens U's spread ({@code (1 + r) / (1 - r)} for lag-1
     *                          autocorrelation r; 1 for independent samples): successive snapshots of a host are
     *                          not independent draws, and treating them as such makes p far too small
     */
    public static Result test(List<Double> first, List<Double> second, double varianceInflation) {
        int n1 = first.size();
        int n2 = second.size();
        if (n1 == 0 || n2 == 0) {
            throw new IllegalArgumentException("both samples need values");
        }
        record Ranked(double value, boolean inFirst) {
        }
        List<Ranked> all = new ArrayList<>(n1 + n2);
        first.forEach(v -> all.add(new Ranked(v, true)));
        second.forEach(v -> all.add(new Ranked(v, false)));
        all.sort(Comparator.comparingDouble(Ranked::value));
        int n = all.size();
        double rankSumFirst = 0;
        double tieTerm = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j < n && Double.compare(all.get(j).value(), all.get(i).value()) == 0) {
                j++;
            }
            double rank = (i + 1 + j) / 2.0; // the mean of ranks i+1 .. j
            for (int k = i; k < j; k++) {
                rankSumFirst += all.get(k).inFirst() ? rank : 0;
            }
            double t = j - i;
            tieTerm += t * t * t - t;
            i = j;
        }
        double u = rankSumFirst - n1 * (n1 + 1) / 2.0;
        double mean = n1 * (double) n2 / 2.0;
        double variance = varianceInflation * n1 * (double) n2 / 12.0 * ((n + 1) - tieTerm / ((double) n * (n - 1)));
        if (variance <= 0) {
            return new Result(u, 1.0); // every value equal: nothing tells the samples apart
        }
        double z = Math.max(Math.abs(u - mean) - 0.5, 0) / Math.sqrt(variance);
        return new Result(u, Math.min(1.0, 2 * (1 - normalCdf(z))));
    }

    /** Φ(z) by Abramowitz and Stegun 26.2.17 (absolute error below 7.5e-8), for z >= 0. */
    static double normalCdf(double z) {
        double t = 1 / (1 + 0.2316419 * z);
        double poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
        return 1 - Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI) * poly;
    }
}
