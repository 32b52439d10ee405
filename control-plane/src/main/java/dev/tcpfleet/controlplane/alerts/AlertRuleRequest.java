package dev.tcpfleet.controlplane.alerts;

/**
 * The body of {@code PUT /api/alerts/rules/{name}}.
 *
 * @param comparison     {@code above} or {@code below}
 * @param clearThreshold where a firing alert resolves; absent means the threshold itself (no hysteresis)
 * @param forSeconds     how long the breach must last before it fires; absent means at once
 * @param severity       {@code info}, {@code warning} or {@code critical}
 * @param labels         a label selector limiting the rule to some hosts, e.g. {@code env=prod}; absent: every host
 */
public record AlertRuleRequest(String metric, String comparison, Double threshold, Double clearThreshold,
        Integer forSeconds, String severity, String labels) {
}
