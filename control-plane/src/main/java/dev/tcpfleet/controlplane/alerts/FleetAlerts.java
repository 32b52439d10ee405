package dev.tcpfleet.controlplane.alerts;

import dev.tcpfleet.controlplane.ControlPlaneConfig;
import dev.tcpfleet.controlplane.leases.Lease;
import dev.tcpfleet.controlplane.leases.Leases;
import dev.tcpfleet.domain.alerts.AlertRule;
import dev.tcpfleet.domain.alerts.HostFigures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.jboss.logging.Logger;

/**
 * Judges the fleet rules, on one instance at a time (the {@link Lease#FLEET_RULES} holder): whichever instance
 * ingests a host's snapshot stores its figures (HostFiguresStore), so only one judge sees the whole fleet.
 *
 * <p>Each round reads the figures that changed since the last and keeps every host's in memory; a new holder reads
 * them all once. A fleet rule is judged when a host it covers has new figures, on the aggregate of its hosts'
 * latest figures at the newest such host's collection time; a host is stale, and left out, if its latest figures
 * were collected more than {@code tcpfleet.hosts.stale-after} before that time. Judging in the snapshots' time, like
 * host rules, keeps a replayed backlog judged as it was first, and a new holder judging again what its predecessor
 * judged moves nothing (see AlertLifecycle). Figures that change several times between two rounds are judged once,
 * at their newest.
 */
@ApplicationScoped
public class FleetAlerts {
    private static final Logger LOG = Logger.getLogger(FleetAlerts.class);

    /** Every host's latest figures as of the read that returned {@code seen}. */
    private record Known(Map<String, HostFigures> hosts, String seen) {
    }

    private final HostFiguresStore figures;
    private final AlertRuleStore rules;
    private final AlertStore store;
    private final AlertTransitions transitions;
    private final Leases leases;
    private final Duration staleAfter;
    /** Null unless this instance held the lease at its last round: a new holder reads everything once. */
    private volatile Known known;

    FleetAlerts(HostFiguresStore figures, AlertRuleStore rules, AlertStore store, AlertTransitions transitions,
            Leases leases, ControlPlaneConfig config) {
        this.figures = figures;
        this.rules = rules;
        this.store = store;
        this.transitions = transitions;
        this.leases = leases;
        this.staleAfter = config.hosts().staleAfter();
    }

    @Scheduled(every = "${tcpfleet.alerts.fleet-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void judge() {
        if (!leases.hold(Lease.FLEET_RULES)) {
            known = null; // another holder judges in between: what this one knew is out of date
            return;
        }
        try {
            known = QuarkusTransaction.requiringNew().call(this::round);
        } catch (RuntimeException e) {
            // the changes read were not judged: read and judge everything again next round
            known = null;
            LOG.warnf("fleet rules not judged this round: %s", e.getMessage());
        }
    }

    private Known round() {
        Known before = known;
        Map<String, HostFigures> hosts = before == null ? new HashMap<>() : before.hosts();
        HostFiguresStore.Changes changes = figures.changedSince(before == null ? HostFiguresStore.NOTHING_SEEN
                : before.seen());
        changes.figures().forEach(host -> hosts.put(host.hostId(), host));
        if (!changes.figures().isEmpty()) {
            for (AlertRuleStore.StoredRule stored : rules.current()) {
                if (stored.rule().scope() == AlertRule.Scope.FLEET) {
                    judge(stored, changes.figures(), hosts);
                }
            }
        }
        return new Known(hosts, changes.seen());
    }

    private void judge(AlertRuleStore.StoredRule stored, List<HostFigures> changed, Map<String, HostFigures> hosts) {
        Optional<Instant> at = changed.stream().filter(host -> stored.selects(host.labels()))
                .map(HostFigures::collectedAt).max(Instant::compareTo);
        if (at.isEmpty()) {
            return;
        }
        AlertRule rule = stored.rule();
        OptionalDouble value = rule.aggregate().over(hosts.values(), rule.snapshotMetric(), stored::selects, at.get(),
                staleAfter);
        if (value.isPresent()) {
            transitions.judge(rule, AlertSubject.FLEET, store.lock(rule.name(), AlertSubject.FLEET),
                    value.getAsDouble(), at.get());
        }
    }
}
