package dev.tcpfleet.controlplane.alerts;

import dev.tcpfleet.controlplane.errors.Choices;

/**
 * A rule as the API shows it: it fires when {@code metric} (of each host, aggregated over the fleet by
 * {@code aggregate}, or of each campaign, as {@code scope} says) is {@code comparison} (above, below)
 * {@code threshold} for {@code forSeconds}, and resolves once past {@code clearThreshold}; {@code labels} limits
 * it to some hosts; {@code runbook} links to what to do when it fires.
 */
public record AlertRuleView(String name, String scope, String metric, String aggregate, String comparison,
        double threshold, double clearThreshold, long forSeconds, String severity, String labels, String runbook) {

    static AlertRuleView of(AlertRuleStore.StoredRule stored) {
        var rule = stored.rule();
        return new AlertRuleView(rule.name(), Choices.name(rule.scope()), rule.metric().apiName(),
                rule.aggregate() == null ? null : Choices.name(rule.aggregate()),
                Choices.name(rule.comparison()), rule.threshold(), rule.clearThreshold(),
                rule.forDuration().toSeconds(), Choices.name(rule.severity()), stored.labels(), stored.runbook());
    }
}
