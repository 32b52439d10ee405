package dev.tcpfleet.controlplane.alerts;

import dev.tcpfleet.controlplane.ControlPlaneConfig;
import dev.tcpfleet.controlplane.hosts.HostSelector;
import dev.tcpfleet.domain.alerts.AlertLifecycle;
import dev.tcpfleet.domain.alerts.AlertRule;
import dev.tcpfleet.domain.alerts.AlertState;
import dev.tcpfleet.protocol.AlertEvent;
import dev.tcpfleet.protocol.HostSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Map;
import java.util.OptionalDouble;
import org.jboss.logging.Logger;

/**
 * Judges every rule on each snapshot as it is stored, in the same transaction: an alert moves exactly when the
 * figure that moves it arrives, not when a poller next looks.
 */
@ApplicationScoped
public class AlertEvaluator {
    private static final Logger LOG = Logger.getLogger(AlertEvaluator.class);
    private final AlertRuleStore rules;
    private final StaleHostAlerts staleHosts;
    private final AlertStore store;
    private final AlertEventStore events;
    private final boolean webhook;

    AlertEvaluator(AlertRuleStore rules, StaleHostAlerts staleHosts, AlertStore store, AlertEventStore events,
            ControlPlaneConfig config) {
        this.rules = rules;
        this.staleHosts = staleHosts;
        this.store = store;
        this.events = events;
        this.webhook = config.alerts().webhookUrl().isPresent();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void judge(HostSnapshot snapshot) {
        String hostId = snapshot.host().hostId();
        Map<String, AlertState> states = store.forHost(hostId);
        staleHosts.reported(hostId, states.get(StaleHostAlerts.RULE), snapshot.collectedAt());
        for (AlertRuleStore.StoredRule stored : rules.current()) {
            AlertRule rule = stored.rule();
            if (stored.labels() != null
                    && !HostSelector.of(null, stored.labels(), null, true).matchesLabels(snapshot.host().labels())) {
                continue;
            }
            OptionalDouble value = rule.metric().of(snapshot);
            if (value.isEmpty()) {
                continue; // a figure the snapshot lacks says nothing, least of all that the host is healthy
            }
            AlertState before = states.getOrDefault(rule.name(), AlertState.initial());
            AlertState after = AlertLifecycle.next(rule, before, value.getAsDouble(), snapshot.collectedAt());
            if (!after.equals(before)) {
                store.save(rule.name(), hostId, after);
            }
            if (after.status() != before.status()) {
                LOG.infof("alert %s on %s: %s -> %s (%s = %s)", rule.name(), hostId, before.status(), after.status(),
                        rule.metric().apiName(), value.getAsDouble());
                // pending and back-to-ok changes go to the topic only: paging on them would be noise
                boolean notify = webhook && (after.status() == AlertState.Status.FIRING
                        || after.status() == AlertState.Status.RESOLVED);
                events.add(new AlertEvent(AlertEvent.SCHEMA_VERSION, 0, rule.name(), hostId,
                        rule.severity().name(), before.status().name(), after.status().name(), rule.metric().apiName(),
                        value.getAsDouble(), rule.threshold(), snapshot.collectedAt()), notify);
            }
        }
    }
}
