package dev.tcpfleet.controlplane.history;

import dev.tcpfleet.protocol.HostSnapshot;
import java.time.Instant;

/** A stored snapshot as the API returns it: the agent's message and when the control plane received it. */
public record SnapshotView(Instant receivedAt, HostSnapshot snapshot) {

    static SnapshotView of(SnapshotStore.Row row) {
        return new SnapshotView(row.receivedAt(), SnapshotStore.decode(row));
    }
}
