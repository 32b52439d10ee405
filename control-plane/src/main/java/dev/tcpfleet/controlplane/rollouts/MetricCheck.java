package dev.tcpfleet.controlplane.rollouts;

/**
 * A gate check: after the wave, {@code metric} may rise above its value before the wave by at most
 * {@code tolerancePercent} of that value or {@code absolute}, whichever allows more (so a figure at 0 is not
 * failed by one stray socket).
 */
public record MetricCheck(Metric metric, double tolerancePercent, double absolute) {

    public double allowed(double before) {
        return before + Math.max(before * tolerancePercent / 100.0, absolute);
    }
}
