package dev.tcpfleet.domain.changes;

import dev.tcpfleet.domain.metrics.SnapshotMetric;
import dev.tcpfleet.protocol.HostSnapshot;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.DoubleStream;

/**
 * What an apply did to one host's headline figures: each as it was in the host's last snapshot before the apply
 * was sent, against its mean over the host's snapshots in the effect window after the host answered.
 *
 * @param baselineAt     when the snapshot before was collected; null when the host had none
 * @param snapshotsAfter the snapshots in the effect window; 0 says the host reported none there, so the effect is
 *                       unknown (not nil) and {@code figures} is empty
 * @param figures        each metric carried by the snapshot before and by at least one snapshot after; a metric
 *                       either side lacks is left out, since a missing figure must not read as a change
 */
public record ApplyEffect(Instant baselineAt, int snapshotsAfter, Map<SnapshotMetric, Figure> figures) {

    /**
     * One metric before and after.
     *
     * @param samples the snapshots after that carried the metric, which {@code after} is the mean of: a rate is
     *                missing on an agent's first snapshot after a restart, so it can be fewer than all of them
     */
    public record Figure(double before, double after, int samples) {
        /** {@code after - before}: whether that is better depends on the metric. */
        public double change() {
            return after - before;
        }
    }

    public ApplyEffect {
        EnumMap<SnapshotMetric, Figure> copy = new EnumMap<>(SnapshotMetric.class);
        copy.putAll(figures);
        figures = Collections.unmodifiableMap(copy);
    }

    /**
     * The effect seen in {@code after}, the snapshots of the window, against {@code before}, the baseline (null
     * when the host had no snapshot before the apply).
     */
    public static ApplyEffect measure(HostSnapshot before, List<HostSnapshot> after) {
        Map<SnapshotMetric, Figure> figures = new EnumMap<>(SnapshotMetric.class);
        if (before != null) {
            for (SnapshotMetric metric : SnapshotMetric.values()) {
                OptionalDouble baseline = metric.of(before);
                double[] values = after.stream().map(metric::of).filter(OptionalDouble::isPresent)
                        .mapToDouble(OptionalDouble::getAsDouble).toArray();
                if (baseline.isPresent() && values.length > 0) {
                    figures.put(metric, new Figure(baseline.getAsDouble(), DoubleStream.of(values).average()
                            .getAsDouble(), values.length));
                }
            }
        }
        return new ApplyEffect(before == null ? null : before.collectedAt(), after.size(), figures);
    }

    public Optional<Figure> figure(SnapshotMetric metric) {
        return Optional.ofNullable(figures.get(metric));
    }
}
