package dev.tcpfleet.controlplane.alerts;

import dev.tcpfleet.controlplane.rollouts.AlertSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** The rollout gate's view of alerts: what is firing on a host, or fired there since a wave was sent. */
@ApplicationScoped
public class StoredAlertSource implements AlertSource {
    private final AlertStore store;
    private final AlertRuleStore rules;

    StoredAlertSource(AlertStore store, AlertRuleStore rules) {
        this.store = store;
        this.rules = rules;
    }

    @Override
    public List<String> firingSince(String hostId, Instant since) {
        return store.firingSince(hostId, since);
    }

    @Override
    public boolean canFire(String alertName) {
        return StaleHostAlerts.RULE.equals(alertName) || rules.find(alertName).isPresent();
    }
}
