package dev.tcpfleet.controlplane.changes;

import dev.tcpfleet.controlplane.history.SnapshotRollups;
import java.time.Instant;
import java.util.List;

/**
 * A metric of one host over a range.
 *
 * @param bucket the resolution used: raw, 1m, 1h or 1d
 * @param points oldest first; a point whose bucket had no value of the metric has samples 0 and null figures
 * @param events the host's change events in the range, oldest first, to draw on the same time axis
 */
public record TrendView(String hostId, String metric, String description, String bucket, Instant from, Instant to,
        List<SnapshotRollups.Point> points, List<ChangeEvent> events) {
}
