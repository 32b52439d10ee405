package dev.tcpfleet.domain.alerts;

import dev.tcpfleet.domain.metrics.SnapshotMetric;
import dev.tcpfleet.protocol.HostSnapshot;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One host's figures from its latest snapshot, as fleet rules aggregate them.
 *
 * @param values every figure the snapshot carries; one it lacks is absent, never 0
 */
public record HostFigures(String hostId, Map<String, String> labels, Instant collectedAt,
        Map<SnapshotMetric, Double> values) {
    /**
     * The metric of each element of a stored row's figures (host_figures.figures, V21), which the alerts' store
     * writes and the host table sorts by. New metrics are appended, never inserted or removed: the stored rows are
     * read by their positions.
     */
    public static final List<SnapshotMetric> STORED_ORDER = List.of(SnapshotMetric.SOCKETS,
            SnapshotMetric.ESTABLISHED, SnapshotMetric.TIME_WAIT, SnapshotMetric.SYN_RECV, SnapshotMetric.CLOSE_WAIT,
            SnapshotMetric.ORPHANS, SnapshotMetric.LISTEN_OVERFLOWS_PER_S, SnapshotMetric.RETRANSMITS_PER_S,
            SnapshotMetric.RESETS_SENT_PER_S, SnapshotMetric.EPHEMERAL_PORT_USAGE, SnapshotMetric.CONNTRACK_USAGE,
            SnapshotMetric.LOAD1);

    /**
     * Where {@code metric} sits in a stored row's figures, counted from 1 as PostgreSQL's arrays are. A metric of
     * {@link SnapshotMetric} not (yet) in {@link #STORED_ORDER} is refused: read at position 0 it would be NULL
     * for every host, a sort that silently sorts nothing.
     */
    public static int storedPosition(SnapshotMetric metric) {
        int index = STORED_ORDER.indexOf(metric);
        if (index < 0) {
            throw new IllegalArgumentException(metric.apiName() + " is not among the stored figures (STORED_ORDER)");
        }
        return index + 1;
    }

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
