package dev.tcpfleet.controlplane.alerts;

import dev.tcpfleet.controlplane.ControlPlaneConfig;
import dev.tcpfleet.domain.alerts.AlertRule;
import dev.tcpfleet.domain.alerts.AlertState;
import dev.tcpfleet.domain.alerts.HostFigures;
import dev.tcpfleet.protocol.HostSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Judges the host and fleet rules on each snapshot as it is stored, in the same transaction: an alert moves
 * exactly when the figure that moves it arrives, not when a poller next looks.
 *
 * <p>A fleet rule is judged on each snapshot of a host it covers, on the aggregate of its hosts' latest figures at
 * that snapshot's collection time; a host is stale, and left out, if its latest figures were collected more than
 * {@code tcpfleet.hosts.stale-after} before that time. Judging in the snapshots' time, like host rules, keeps a
 * replayed backlog judged as it was first; a snapshot collected before the last one a fleet rule judged still
 * joins the aggregate but moves nothing (see AlertLifecycle).
 */
@ApplicationScoped
public class AlertEvaluator {
    private final AlertRuleStore rules;
    private final StaleHostAlerts staleHosts;
    private final AlertStore store;
    private final FleetFigures fleet;
    private final AlertTransitions transitions;
    private final Duration staleAfter;

    AlertEvaluator(AlertRuleStore rules, StaleHostAlerts staleHosts, AlertStore store, FleetFigures fleet,
            AlertTransitions transitions, ControlPlaneConfig config) {
        this.rules = rules;
        this.staleHosts = staleHosts;
        this.store = store;
        this.fleet = fleet;
        this.transitions = transitions;
        this.staleAfter = config.hosts().staleAfter();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void judge(HostSnapshot snapshot) {
        String hostId = snapshot.host().hostId();
        Map<String, AlertState> states = store.forHost(hostId);
        staleHosts.reported(hostId, states.get(StaleHostAlerts.RULE), snapshot.collectedAt());
        Collection<HostFigures> figures = fleet.update(snapshot);
        for (AlertRuleStore.StoredRule stored : rules.current()) {
            AlertRule rule = stored.rule();
            if (rule.scope() == AlertRule.Scope.CAMPAIGN || !stored.selects(snapshot.host().labels())) {
                continue;
            }
            boolean host = rule.scope() == AlertRule.Scope.HOST;
            OptionalDouble value = host ? rule.snapshotMetric().of(snapshot) : rule.aggregate().over(figures,
                    rule.snapshotMetric(), stored::selects, snapshot.collectedAt(), staleAfter);
            if (value.isEmpty()) {
                continue; // a figure no snapshot carries says nothing, least of all that all is healthy
            }
            AlertSubject subject = host ? AlertSubject.host(hostId) : AlertSubject.FLEET;
            AlertState before = host ? states.getOrDefault(rule.name(), AlertState.initial())
                    : store.lock(rule.name(), subject);
            transitions.judge(rule, subject, before, value.getAsDouble(), snapshot.collectedAt());
        }
    }
}
