package dev.tcpfleet.domain.alerts;

import dev.tcpfleet.domain.metrics.SnapshotMetric;
import java.time.Duration;
import java.util.Objects;

/**
 * When a host's figure is a problem: {@code metric} above (or below) {@code threshold} for at least
 * {@code forDuration}. It resolves only once the figure is back past {@code clearThreshold}, so a value
 * hovering at the threshold does not flap between firing and resolved.
 *
 * @param clearThreshold where a firing alert resolves: at or below it for ABOVE rules, at or above it for BELOW
 */
public record AlertRule(String name, SnapshotMetric metric, Comparison comparison, double threshold,
        double clearThreshold, Duration forDuration, Severity severity) {

    public enum Comparison { ABOVE, BELOW }

    public enum Severity { INFO, WARNING, CRITICAL }

    public AlertRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(comparison, "comparison");
        Objects.requireNonNull(forDuration, "forDuration");
        Objects.requireNonNull(severity, "severity");
        if (forDuration.isNegative()) {
            throw new IllegalArgumentException("forDuration cannot be negative");
        }
        boolean clearsOnTheRightSide = comparison == Comparison.ABOVE ? clearThreshold <= threshold
                : clearThreshold >= threshold;
        if (!clearsOnTheRightSide) {
            throw new IllegalArgumentException("clearThreshold " + clearThreshold + " must be on the healthy side of "
                    + threshold + ", or the alert could never resolve");
        }
    }

    /** Whether {@code value} breaches the threshold. */
    boolean breached(double value) {
        return comparison == Comparison.ABOVE ? value > threshold : value < threshold;
    }

    /** Whether {@code value} is back on the healthy side of the clear threshold. */
    boolean cleared(double value) {
        return comparison == Comparison.ABOVE ? value <= clearThreshold : value >= clearThreshold;
    }
}
