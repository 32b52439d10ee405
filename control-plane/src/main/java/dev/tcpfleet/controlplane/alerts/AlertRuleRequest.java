package dev.tcpfleet.controlplane.alerts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.tcpfleet.controlplane.errors.Choices;
import dev.tcpfleet.controlplane.errors.Refused;
import dev.tcpfleet.controlplane.hosts.HostSelector;
import dev.tcpfleet.domain.alerts.AlertRule;
import dev.tcpfleet.domain.alerts.FleetAggregate;
import dev.tcpfleet.domain.metrics.AlertMetric;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.stream.Collectors;

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
 * @param runbook        an http(s) link to what to do when it fires, handed to Alertmanager as runbook_url; optional
 */
// The name GET /api/alerts/rules adds, so that a rule shown (tcpfleet -o json alerts rules show), edited and put back
// is taken: the name is the path's. Any other unknown field is refused.
@JsonIgnoreProperties("name")
public record AlertRuleRequest(String scope, String metric, String aggregate, String comparison, Double threshold,
        Double clearThreshold, Integer forSeconds, String severity, String labels, String runbook) {
    static final int MAX_FOR_SECONDS = 24 * 3600;
    static final int MAX_RUNBOOK = 2000;

    /** The rule named {@code name} this request asks for, or a refusal naming the field at fault. */
    AlertRuleStore.StoredRule toRule(String name) {
        AlertRule.Scope scope = scope() == null ? AlertRule.Scope.HOST
                : Choices.of("scope", scope(), AlertRule.Scope.class);
        AlertMetric metric = AlertMetric.byApiName(metric() == null ? "" : metric())
                .orElseThrow(() -> Refused.invalid("metric", "metric is one of " + AlertMetric.all().stream()
                        .map(AlertMetric::apiName).collect(Collectors.joining(", "))));
        FleetAggregate aggregate = aggregate() == null ? null
                : Choices.of("aggregate", aggregate(), FleetAggregate.class);
        AlertRule.Comparison comparison = Choices.of("comparison", comparison(), AlertRule.Comparison.class);
        AlertRule.Severity severity = Choices.of("severity", severity(), AlertRule.Severity.class);
        if (threshold() == null || !Double.isFinite(threshold())) {
            throw Refused.invalid("threshold", "threshold is a number");
        }
        double clear = clearThreshold() == null ? threshold() : clearThreshold();
        int forSeconds = forSeconds() == null ? 0 : forSeconds();
        if (forSeconds < 0 || forSeconds > MAX_FOR_SECONDS) {
            throw Refused.invalid("forSeconds", "forSeconds is 0 to " + MAX_FOR_SECONDS);
        }
        if (labels() != null) {
            if (scope == AlertRule.Scope.CAMPAIGN) {
                throw Refused.invalid("labels", "a campaign rule judges every campaign on its merged result,"
                        + " whatever its hosts: labels do not apply");
            }
            try {
                HostSelector.of(null, labels(), null, true);
            } catch (HostSelector.InvalidSelectorException e) {
                throw Refused.invalid("labels", e.getMessage());
            }
        }
        if (runbook() != null && !isLink(runbook())) {
            throw Refused.invalid("runbook", "runbook is an absolute http(s) URL of at most " + MAX_RUNBOOK
                    + " characters");
        }
        AlertRule rule = new AlertRule(name, scope, metric, aggregate, comparison, threshold(), clear,
                Duration.ofSeconds(forSeconds), severity);
        return new AlertRuleStore.StoredRule(rule, labels(), runbook());
    }

    private static boolean isLink(String text) {
        try {
            URI uri = new URI(text);
            return text.length() <= MAX_RUNBOOK && uri.getHost() != null
                    && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
