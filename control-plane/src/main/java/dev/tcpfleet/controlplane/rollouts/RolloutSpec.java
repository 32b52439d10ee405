package dev.tcpfleet.controlplane.rollouts;

import java.util.List;

/**
 * A rollout's accepted parameters, stored whole as JSON and read back by the driver at every step.
 *
 * @param baselineHosts the hosts its request's {@code baseline} selected when it was created; empty when it gave
 *                      none, and the later waves' hosts are the baseline
 */
public record RolloutSpec(WavePlan plan, long bakeSeconds, HealthGate.MissingData missingData, boolean autoRollback,
        List<MetricCheck> metricChecks, List<String> toleratedAlerts, List<String> baselineHosts) {

    public RolloutSpec {
        metricChecks = List.copyOf(metricChecks);
        // rollouts stored before alerts could be tolerated, or baselines chosen, have none
        toleratedAlerts = toleratedAlerts == null ? List.of() : List.copyOf(toleratedAlerts);
        baselineHosts = baselineHosts == null ? List.of() : List.copyOf(baselineHosts);
    }
}
