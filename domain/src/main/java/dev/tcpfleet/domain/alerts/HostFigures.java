package dev.tcpfleet.domain.alerts;

import dev.tcpfleet.domain.metrics.SnapshotMetric;
import dev.tcpfleet.protocol.HostSnapshot;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * One host's figures from its latest snapshot, as fleet rules aggregate them.
 *
 * @param values every figure the snapshot carries; one it lacks is absent, never 0
 */
public record HostFigures(String hostId, Map<String, String> labels, Instant collectedAt,
        Map<SnapshotMetric, Double> values) {

    public static HostFigures of(HostSnapshot snapshot) {
        Map<SnapshotMetric, Double> values = new EnumMap<>(SnapshotMetric.class);
        for (SnapshotMetric metric : SnapshotMetric.values()) {
            metric.of(snapshot).ifPresent(value -> values.put(metric, value));
        }
        Map<String, String> labels = snapshot.host().labels();
        return new HostFigures(snapshot.host().hostId(), labels == null ? Map.of() : Map.copyOf(labels),
                snapshot.collectedAt(), Collections.unmodifiableMap(values));
    }
}
