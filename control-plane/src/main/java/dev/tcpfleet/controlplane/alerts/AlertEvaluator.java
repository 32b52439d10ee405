package dev.tcpfleet.controlplane.alerts;

import dev.tcpfleet.domain.alerts.AlertRule;
import dev.tcpfleet.domain.alerts.AlertState;
import dev.tcpfleet.protocol.HostSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Judges the host rules on each batch of snapshots as it is stored, in the same transaction: an alert moves exactly
 * when the figure that moves it arrives, not when a poller next looks. Fleet rules need every host's figures, which
 * no one instance ingests: {@link FleetAlerts} judges them from every host's latest figures, stored
 * with each batch ({@link HostFiguresStore}).
 */
@ApplicationScoped
public class AlertEvaluator {
    private final AlertRuleStore rules;
    private final StaleHostAlerts staleHosts;
    private final AlertStore store;
    private final AlertTransitions transitions;
    private final HostFiguresStore figures;

    AlertEvaluator(AlertRuleStore rules, StaleHostAlerts staleHosts, AlertStore store, AlertTransitions transitions,
            HostFiguresStore figures) {
        this.rules = rules;
        this.staleHosts = staleHosts;
        this.store = store;
        this.transitions = transitions;
        this.figures = figures;
    }

    /** Judges a batch of new snapshots, in the order they arrived. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void judge(List<HostSnapshot> snapshots) {
        if (snapshots.isEmpty()) {
            return;
        }
        List<AlertRuleStore.StoredRule> current = rules.current();
        Set<String> hostIds = snapshots.stream().map(s -> s.host().hostId()).collect(Collectors.toSet());
        Map<String, Map<String, AlertState>> states = store.forHosts(hostIds);
        // quiet alerts are not rewritten with each figure's time (quietUnwritten): the host's newest snapshot stored
        // is what a late one is older than; within the batch, the states kept current below hold the times
        Map<String, Instant> newest = figures.newest(hostIds);
        AlertTransitions.Batch judged = transitions.quietUnwritten();
        for (HostSnapshot snapshot : snapshots) {
            Instant stored = newest.get(snapshot.host().hostId());
            if (stored != null && snapshot.collectedAt().isBefore(stored)) {
                continue;
            }
            judgeHost(snapshot, current, states.computeIfAbsent(snapshot.host().hostId(), id -> new HashMap<>()),
                    judged);
        }
        judged.flush();
    }

    /** {@code states} are the host's, kept current here as its snapshots in the batch move them. */
    private void judgeHost(HostSnapshot snapshot, List<AlertRuleStore.StoredRule> current,
            Map<String, AlertState> states, AlertTransitions.Batch judged) {
        String hostId = snapshot.host().hostId();
        AlertState stale = staleHosts.reported(hostId, states.get(StaleHostAlerts.RULE), snapshot.collectedAt(),
                judged);
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
}
