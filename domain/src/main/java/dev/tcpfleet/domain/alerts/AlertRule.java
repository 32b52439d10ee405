package dev.tcpfleet.domain.alerts;

import dev.tcpfleet.domain.metrics.AlertMetric;
import dev.tcpfleet.domain.metrics.CampaignMetric;
import dev.tcpfleet.domain.metrics.SnapshotMetric;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * When a figure is a problem: {@code metric} above (or below) {@code threshold} for at least {@code forDuration}.
 * It resolves only once the figure is back past {@code clearThreshold}, so a value hovering at the threshold does
 * not flap between firing and resolved.
 *
 * @param scope          whose figure: each host's, a fleet aggregate over hosts, or each campaign's merged result
 * @param aggregate      how a fleet rule combines its hosts' figures; null for every other scope
 * @param clearThreshold where a firing alert resolves: at or below it for ABOVE rules, at or above it for BELOW
 */
public record AlertRule(String name, Scope scope, AlertMetric metric, FleetAggregate aggregate, Comparison comparison,
        double threshold, double clearThreshold, Duration forDuration, Severity severity) {

    public enum Scope { HOST, FLEET, CAMPAIGN }

    public enum Comparison { ABOVE, BELOW }

    public enum Severity { INFO, WARNING, CRITICAL }

    public AlertRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(comparison, "comparison");
        Objects.requireNonNull(forDuration, "forDuration");
        Objects.requireNonNull(severity, "severity");
        if (forDuration.isNegative()) {
            throw new InvalidAlertRuleException("forSeconds", "forSeconds cannot be negative");
        }
        if ((metric instanceof CampaignMetric) != (scope == Scope.CAMPAIGN)) {
            throw new InvalidAlertRuleException("metric", scope == Scope.CAMPAIGN
                    ? "a campaign rule judges a campaign metric (" + CampaignMetric.ERROR_RATE.apiName() + "), not "
                            + metric.apiName()
                    : metric.apiName() + " is a campaign's figure: judge it with scope campaign");
        }
        if ((aggregate != null) != (scope == Scope.FLEET)) {
            throw new InvalidAlertRuleException("aggregate", scope == Scope.FLEET
                    ? "a fleet rule needs an aggregate: sum, avg, max or p95"
                    : "only a fleet rule aggregates; a " + scope.name().toLowerCase(Locale.ROOT)
                            + " rule takes no aggregate");
        }
        if (scope == Scope.CAMPAIGN && !forDuration.isZero()) {
            // a campaign is judged once per result that arrives, not sampled over time: a duration has no clock
            throw new InvalidAlertRuleException("forSeconds", "a campaign rule is judged on each result as it"
                    + " arrives: forSeconds must be 0");
        }
        boolean clearsOnTheRightSide = comparison == Comparison.ABOVE ? clearThreshold <= threshold
                : clearThreshold >= threshold;
        if (!clearsOnTheRightSide) {
            throw new InvalidAlertRuleException("clearThreshold", "clearThreshold " + clearThreshold
                    + " must be on the healthy side of " + threshold + ", or the alert could never resolve");
        }
    }

    /** The snapshot figure a host or fleet rule judges. */
    public SnapshotMetric snapshotMetric() {
        if (metric instanceof SnapshotMetric figure) {
            return figure;
        }
        throw new IllegalStateException(name + " judges campaigns, not snapshots");
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
