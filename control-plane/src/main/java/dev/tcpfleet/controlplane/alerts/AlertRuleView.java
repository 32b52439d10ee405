package dev.tcpfleet.controlplane.alerts;

/**
 * A rule as the API shows it: it fires when {@code metric} is {@code comparison} (above, below) {@code threshold}
 * for {@code forSeconds}, and resolves once past {@code clearThreshold}.
 */
public record AlertRuleView(String name, String metric, String comparison, double threshold, double clearThreshold,
        long forSeconds, String severity) {
}
