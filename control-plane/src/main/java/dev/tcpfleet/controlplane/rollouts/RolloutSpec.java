package dev.tcpfleet.controlplane.rollouts;

import java.util.List;

/** A rollout's accepted parameters, stored whole as JSON and read back by the driver at every step. */
public record RolloutSpec(WavePlan plan, long bakeSeconds, HealthGate.MissingData missingData, boolean autoRollback,
        List<MetricCheck> metricChecks) {

    public RolloutSpec {
        metricChecks = List.copyOf(metricChecks);
    }
}
