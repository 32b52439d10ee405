package dev.tcpfleet.controlplane.history;

import dev.tcpfleet.controlplane.alerts.AlertEvaluator;
import dev.tcpfleet.controlplane.hosts.HostRegistry;
import dev.tcpfleet.domain.ingest.SnapshotBatch;
import dev.tcpfleet.protocol.HostSnapshot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Stores a batch of snapshots with their rollups and alert judgements, and refreshes their hosts, in one transaction
 * of a few statements: a statement per kind of row, not per snapshot, is what lets ingest keep up with a fleet.
 */
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

    /** Counted once the batch is committed: a batch rolled back is stored again, and would count twice. */
    public void ingest(List<ReceivedSnapshot> batch) {
        int added = QuarkusTransaction.requiringNew().call(() -> store(batch));
        stored.increment(added);
        duplicates.increment(batch.size() - added);
    }

    /** @return how many snapshots were new: only those count and are judged, a redelivered one must not count twice */
    private int store(List<ReceivedSnapshot> batch) {
        List<ReceivedSnapshot> distinct = SnapshotBatch.distinct(batch, ReceivedSnapshot::snapshot);
        hosts.recordSeen(SnapshotBatch.sightings(distinct.stream().map(ReceivedSnapshot::snapshot).toList()));
        List<HostSnapshot> added = snapshots.insert(distinct).stream().map(ReceivedSnapshot::snapshot).toList();
        rollups.add(SnapshotBatch.rollups(added));
        alerts.judge(added);
        return added.size();
    }
}
