package dev.tcpfleet.controlplane.history;

import dev.tcpfleet.controlplane.alerts.AlertEvaluator;
import dev.tcpfleet.controlplane.hosts.HostRegistry;
import dev.tcpfleet.protocol.HostSnapshot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** Stores one snapshot with its rollups and alert judgements, and refreshes its host, in one transaction. */
@ApplicationScoped
public class SnapshotIngestService {
    private final HostRegistry hosts;
    private final SnapshotStore snapshots;
    private final SnapshotRollups rollups;
    private final AlertEvaluator alerts;
    private final Counter stored;
    private final Counter duplicates;

    SnapshotIngestService(HostRegistry hosts, SnapshotStore snapshots, SnapshotRollups rollups,
            AlertEvaluator alerts, MeterRegistry registry) {
        this.hosts = hosts;
        this.snapshots = snapshots;
        this.rollups = rollups;
        this.alerts = alerts;
        this.stored = Counter.builder("tcpfleet.snapshots.stored").register(registry);
        this.duplicates = Counter.builder("tcpfleet.snapshots.duplicates")
                .description("redelivered snapshots that were already stored").register(registry);
    }

    @Transactional
    public void ingest(HostSnapshot snapshot, byte[] body) {
        hosts.recordSeen(snapshot.host(), snapshot.collectedAt());
        if (snapshots.insert(snapshot, body)) {
            rollups.add(snapshot); // only a new snapshot: a redelivered one must not count twice
            alerts.judge(snapshot);
            stored.increment();
        } else {
            duplicates.increment();
        }
    }
}
