package dev.tcpfleet.controlplane.alerts;

/**
 * The body of {@code PUT /api/alerts/rules/{name}}.
 *
 * @param scope          {@code host} (each host on its own; the default), {@code fleet} (one figure aggregated over
 *                       the hosts) or {@code campaign} (each stress campaign's merged result)
 * @param metric         a snapshot metric for host and fleet rules, {@code campaign_error_rate} for campaign rules
 * @param aggregate      for fleet rules only: {@code sum}, {@code avg}, {@code max} or {@code p95} (nearest rank)
 * @param comparison     {@code above} or {@code below}
 * @param clearThreshold where a firing alert resolves; absent means the threshold itself (no hysteresis)
 * @param forSeconds     how long the breach must last before it fires; absent means at once (campaign rules: 0)
 * @param severity       {@code info}, {@code warning} or {@code critical}
 * @param labels         a label selector limiting the rule to some hosts, e.g. {@code env=prod}: those a host rule
 *                       judges, those a fleet rule aggregates; absent: every host. Not for campaign rules
 */
public record AlertRuleRequest(String scope, String metric, String aggregate, String comparison, Double threshold,
        Double clearThreshold, Integer forSeconds, String severity, String labels) {
}
