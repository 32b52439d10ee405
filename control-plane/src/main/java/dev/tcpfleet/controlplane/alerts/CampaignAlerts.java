package dev.tcpfleet.controlplane.alerts;

import dev.tcpfleet.domain.alerts.AlertRule;
import dev.tcpfleet.domain.metrics.CampaignMetric;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * Judges the campaign rules on a campaign's merged result, each time one of its hosts' results is stored and in
 * the same transaction: the first results can fire an alert while others are still running, and later ones
 * resolve it if they bring the rate back past the clear threshold.
 */
@ApplicationScoped
public class CampaignAlerts {
    private final AlertRuleStore rules;
    private final AlertStore store;
    private final AlertTransitions transitions;

    CampaignAlerts(AlertRuleStore rules, AlertStore store, AlertTransitions transitions) {
        this.rules = rules;
        this.store = store;
        this.transitions = transitions;
    }

    /** Judges the campaign's error rate (failed connections over attempted ones, every result so far merged). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void judge(String campaignId, double errorRate, Instant at) {
        AlertSubject subject = AlertSubject.campaign(campaignId);
        for (AlertRuleStore.StoredRule stored : rules.current()) {
            AlertRule rule = stored.rule();
            if (rule.metric().equals(CampaignMetric.ERROR_RATE)) {
                transitions.judge(rule, subject, store.lock(rule.name(), subject), errorRate, at);
            }
        }
    }
}
