package dev.tcpfleet.controlplane.alerts;

import dev.tcpfleet.controlplane.ControlPlaneConfig;
import dev.tcpfleet.domain.alerts.AlertRule;
import dev.tcpfleet.domain.alerts.AlertState;
import dev.tcpfleet.domain.alerts.HostFigures;
import dev.tcpfleet.protocol.HostSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Judges the host and fleet rules on each batch of snapshots as it is stored, in the same transaction: an alert moves
 * exactly when the figure that moves it arrives, not when a poller next looks.
 *
 * <p>A host rule is judged on each snapshot. A fleet rule is judged once per batch that holds a snapshot of a host
 * it covers (judging it per snapshot would aggregate the whole fleet per snapshot), on the aggregate of its hosts'
 * latest figures at the newest such snapshot's collection time; a host is stale, and left out, if its latest
 * figures were collected more than {@code tcpfleet.hosts.stale-after} before that time. Judging in the snapshots' time, like host rules, keeps a
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

    /** Judges a batch of new snapshots, in the order they arrived. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void judge(List<HostSnapshot> snapshots) {
        if (snapshots.isEmpty()) {
            return;
        }
        List<AlertRuleStore.StoredRule> current = rules.current();
        Map<String, Map<String, AlertState>> states = store.forHosts(
                snapshots.stream().map(s -> s.host().hostId()).collect(Collectors.toCollection(TreeSet::new)));
        AlertTransitions.Batch judged = transitions.batch();
        for (HostSnapshot snapshot : snapshots) {
            judgeHost(snapshot, current, states.computeIfAbsent(snapshot.host().hostId(), id -> new HashMap<>()),
                    judged);
        }
        judged.flush();
        Collection<HostFigures> figures = fleet.update(snapshots);
        for (AlertRuleStore.StoredRule stored : current) {
            if (stored.rule().scope() == AlertRule.Scope.FLEET) {
                judgeFleet(stored, snapshots, figures);
            }
        }
    }

    /** {@code states} are the host's, kept current here as its snapshots in the batch move them. */
    private void judgeHost(HostSnapshot snapshot, List<AlertRuleStore.StoredRule> current,
            Map<String, AlertState> states, AlertTransitions.Batch judged) {
        String hostId = snapshot.host().hostId();
        AlertState stale = staleHosts.reported(hostId, states.get(StaleHostAlerts.RULE), snapshot.collectedAt());
        if (stale != null) {
            states.put(StaleHostAlerts.RULE, stale);
        }
        for (AlertRuleStore.StoredRule stored : current) {
            AlertRule rule = stored.rule();
            if (rule.scope() != AlertRule.Scope.HOST || !stored.selects(snapshot.host().labels())) {
                continue;
            }
            OptionalDouble value = rule.snapshotMetric().of(snapshot);
            if (value.isPresent()) { // a figure no snapshot carries says nothing, least of all that all is healthy
                states.put(rule.name(), judged.judge(rule, AlertSubject.host(hostId),
                        states.getOrDefault(rule.name(), AlertState.initial()), value.getAsDouble(),
                        snapshot.collectedAt()));
            }
        }
    }

    /** Once per batch, at the newest collection time among the snapshots of hosts the rule covers. */
    private void judgeFleet(AlertRuleStore.StoredRule stored, List<HostSnapshot> snapshots,
            Collection<HostFigures> figures) {
        Optional<Instant> at = snapshots.stream().filter(s -> stored.selects(s.host().labels()))
                .map(HostSnapshot::collectedAt).max(Comparator.naturalOrder());
        if (at.isEmpty()) {
            return;
        }
        AlertRule rule = stored.rule();
        OptionalDouble value = rule.aggregate().over(figures, rule.snapshotMetric(), stored::selects, at.get(),
                staleAfter);
        if (value.isPresent()) {
            transitions.judge(rule, AlertSubject.FLEET, store.lock(rule.name(), AlertSubject.FLEET),
                    value.getAsDouble(), at.get());
        }
    }
}
