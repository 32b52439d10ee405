package dev.tcpfleet.controlplane.changes;

import dev.tcpfleet.controlplane.ControlPlaneConfig;
import dev.tcpfleet.controlplane.history.SnapshotStore;
import dev.tcpfleet.controlplane.leases.Lease;
import dev.tcpfleet.controlplane.leases.Leases;
import dev.tcpfleet.domain.changes.ApplyEffect;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Measures each applied apply on each host once its effect window has passed, and keeps the result on the host's
 * command row: the last snapshot before the apply was sent against the snapshots of the window after the host
 * answered.
 */
@ApplicationScoped
public class ApplyEffects {
    private final ChangeStore store;
    private final SnapshotStore snapshots;
    private final ControlPlaneConfig.Changes config;
    private final int snapshotLimit;
    private final Leases leases;

    ApplyEffects(ChangeStore store, SnapshotStore snapshots, ControlPlaneConfig config, Leases leases) {
        this.leases = leases;
        this.store = store;
        this.snapshots = snapshots;
        this.config = config.changes();
        this.snapshotLimit = config.snapshotQuery().maxLimit();
    }

    /**
     * The measured effect of apply {@code applyCommandId} (the request's id, as {@code /api/commands} shows it) on
     * {@code hostId}; empty until measured, and for a host the apply did not change (dry run, unchanged, failed).
     * Transactional so that a caller on a scheduler's or a consumer's thread, with no request, may read it.
     */
    @Transactional
    public Optional<ApplyEffect> effectOf(String applyCommandId, String hostId) {
        return store.effect(applyCommandId, hostId).map(EffectView::toEffect);
    }

    @Scheduled(every = "${tcpfleet.changes.measure-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    @Transactional
    void measureDue() {
        if (!leases.hold(Lease.APPLY_EFFECTS)) {
            return;
        }
        Instant now = Instant.now();
        List<ChangeStore.Due> due = store.due(now.minus(config.effectWindow()).minus(config.lateSnapshots()),
                config.measureBatch());
        for (ChangeStore.Due apply : due) {
            Instant to = apply.answeredAt().plus(config.effectWindow());
            ApplyEffect effect = ApplyEffect.measure(
                    snapshots.lastBefore(apply.hostId(), apply.sentAt()).orElse(null),
                    snapshots.snapshots(apply.hostId(), apply.answeredAt(), to, snapshotLimit));
            store.saveEffect(apply.commandId(), apply.hostId(), EffectView.of(effect, now, apply.answeredAt(), to));
        }
    }
}
