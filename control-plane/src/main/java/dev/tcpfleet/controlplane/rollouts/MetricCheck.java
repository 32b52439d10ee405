package dev.tcpfleet.controlplane.rollouts;

import dev.tcpfleet.domain.metrics.SnapshotMetric;
import dev.tcpfleet.protocol.HostSnapshot;
import java.util.EnumSet;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * A gate check: after the wave, {@code metric} may rise above its value before the wave by at most
 * {@code tolerancePercent} of that value or {@code absolute}, whichever allows more (so a figure at 0 is not
 * failed by one stray socket).
 */
public record MetricCheck(SnapshotMetric metric, double tolerancePercent, double absolute) {
    /**
     * The figures a gate can check, each one where higher is worse: TIME_WAIT shows a pooling or keepalive setting
     * gone wrong first, listen overflows a smaller backlog or a slower acceptor, retransmits buffer or congestion
     * settings that hurt the path.
     */
    public static final Set<SnapshotMetric> CHECKABLE = EnumSet.of(SnapshotMetric.TIME_WAIT,
            SnapshotMetric.LISTEN_OVERFLOWS_PER_S, SnapshotMetric.RETRANSMITS_PER_S);

    public double allowed(double before) {
        return before + Math.max(before * tolerancePercent / 100.0, absolute);
    }

    /** The figure in {@code snapshot}, or null when the snapshot lacks it (a rate on the agent's first one). */
    public Double valueIn(HostSnapshot snapshot) {
        OptionalDouble value = metric.of(snapshot);
        return value.isPresent() ? value.getAsDouble() : null;
    }
}
