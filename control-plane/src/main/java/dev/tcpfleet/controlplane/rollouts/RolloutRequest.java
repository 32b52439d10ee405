package dev.tcpfleet.controlplane.rollouts;

import dev.tcpfleet.controlplane.hosts.SelectorRequest;
import java.util.List;

/**
 * The body of {@code POST /api/rollouts}.
 *
 * @param profile       the profile's name
 * @param version       its version; absent means the newest, pinned when the rollout is created
 * @param selector      which hosts, as for {@code /api/hosts/select}
 * @param canary        hosts in the first wave, alone (default 1, 0 for none)
 * @param percentages   the cumulative share of hosts reached after each later wave (default 10, 50, 100)
 * @param bakeSeconds   how long each wave runs before its gate is judged
 * @param onMissingData {@code fail} (default) or {@code wait}: what a gate does about a host with no snapshot or
 *                      figure since its apply
 * @param autoRollback  whether a failed gate rolls back at once (default) or leaves it to an operator's abort
 * @param metricChecks  figures that may not get worse than before the wave
 * @param dryRun        send one dry-run command to every host and show each one's diff; nothing changes
 * @param toleratedAlerts alert rules (existing ones, or host-stale) whose firing does not fail a gate: the alert the rollout is meant to cure,
 *                      already firing when it starts (automation sets it, and judges that figure itself afterwards)
 * @param baseline      hosts the metric checks compare each wave with, as for {@code /api/hosts/select}, the
 *                      rollout's own hosts left out, at most {@value RolloutService#MAX_BASELINE_HOSTS} in the
 *                      selector's order; absent means the rollout's hosts not yet changed (the later waves')
 */
public record RolloutRequest(String profile, Integer version, SelectorRequest selector, Integer canary,
        List<Integer> percentages, Integer bakeSeconds, String onMissingData, Boolean autoRollback,
        List<MetricCheckRequest> metricChecks, boolean dryRun, List<String> toleratedAlerts,
        SelectorRequest baseline) {

    /**
     * @param metric           {@code time_wait}, {@code listen_overflows_per_s} or {@code retransmits_per_s}; the
     *                         former {@code timeWait}, {@code listenOverflowsPerSecond} and
     *                         {@code retransmitsPerSecond} are accepted for them
     * @param tolerancePercent the minimum effect that counts, in percent of the canary's expected level (default 30)
     * @param absolute         the minimum effect in the figure's units, whichever is more (default 0)
     */
    public record MetricCheckRequest(String metric, Double tolerancePercent, Double absolute) {
    }
}
