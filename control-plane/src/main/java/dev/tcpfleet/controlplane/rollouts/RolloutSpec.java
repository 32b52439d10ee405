package dev.tcpfleet.controlplane.rollouts;

import java.util.List;

/** A rollout's accepted parameters, stored whole as JSON and read back by the driver at every step. */
public record RolloutSpec(WavePlan plan, long bakeSeconds, HealthGate.MissingData missingData, boolean autoRollback,
        List<MetricCheck> metricChecks, List<String> toleratedAlerts) {

    public RolloutSpec {
        metricChecks = List.copyOf(metricChecks);
        // rollouts stored before alerts could be tolerated have none
        toleratedAlerts = toleratedAlerts == null ? List.of() : List.copyOf(toleratedAlerts);
    }
}
