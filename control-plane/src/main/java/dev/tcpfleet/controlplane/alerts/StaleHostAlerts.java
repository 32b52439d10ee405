package dev.tcpfleet.controlplane.alerts;

import dev.tcpfleet.controlplane.hosts.HostRegistry;
import dev.tcpfleet.controlplane.leases.Lease;
import dev.tcpfleet.controlplane.leases.Leases;
import dev.tcpfleet.domain.alerts.AlertState;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The alert no snapshot can raise: a host that stopped reporting. Checked on a schedule, since silence sends
 * nothing to judge; it resolves when the host's next snapshot is judged ({@link AlertEvaluator}).
 */
@ApplicationScoped
public class StaleHostAlerts {
    /** The rule name the alert goes by. */
    public static final String RULE = "host-stale";
    static final String SEVERITY = "WARNING";
    static final String METRIC = "seconds_since_report";

    private final HostRegistry hosts;
    private final AlertStore store;
    private final AlertTransitions transitions;
    private final Leases leases;

    StaleHostAlerts(HostRegistry hosts, AlertStore store, AlertTransitions transitions, Leases leases) {
        this.leases = leases;
        this.hosts = hosts;
        this.store = store;
        this.transitions = transitions;
    }

    @Scheduled(every = "${tcpfleet.alerts.stale-check-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    @Transactional
    void check() {
        if (!leases.hold(Lease.STALE_HOSTS)) {
            return;
        }
        Instant now = Instant.now();
        // read as plain rows, in one query each: with every host a managed entity, each statement below would
        // first dirty-check the whole fleet (minutes of CPU at 20,000 stale hosts, ingest stalled behind it)
        Map<String, Instant> stale = hosts.silentSince(now.minus(hosts.staleAfter()));
        Map<String, Map<String, AlertState>> states = store.forHosts(stale.keySet());
        AlertTransitions.Batch moved = transitions.batch();
        stale.forEach((hostId, lastSeen) -> {
            AlertState before = states.getOrDefault(hostId, Map.of()).getOrDefault(RULE, AlertState.initial());
            if (before.status() != AlertState.Status.FIRING) {
                double silentFor = Duration.between(lastSeen, now).toSeconds();
                move(moved, hostId, before, new AlertState(AlertState.Status.FIRING, now, silentFor, now));
            }
        });
        moved.flush();
    }

    /**
     * Resolves the host's stale alert, if it fires, on a snapshot collected after it fired: in {@code judged}, with
     * the batch's other moves, so that its event takes its place among theirs.
     *
     * @return the alert's state now ({@code state} itself if unmoved, null if there never was one)
     */
    AlertState reported(String hostId, AlertState state, Instant collectedAt, AlertTransitions.Batch judged) {
        if (state != null && state.status() == AlertState.Status.FIRING && collectedAt.isAfter(state.since())) {
            AlertState resolved = new AlertState(AlertState.Status.RESOLVED, collectedAt, 0, collectedAt);
            move(judged, hostId, state, resolved);
            return resolved;
        }
        return state;
    }

    private void move(AlertTransitions.Batch batch, String hostId, AlertState before, AlertState after) {
        batch.move(RULE, SEVERITY, METRIC, hosts.staleAfter().toSeconds(), AlertSubject.host(hostId), before, after);
    }
}
