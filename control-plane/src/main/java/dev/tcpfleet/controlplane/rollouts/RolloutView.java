package dev.tcpfleet.controlplane.rollouts;

import dev.tcpfleet.protocol.KeyChange;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A rollout as the API shows it: its parameters, and progress per wave and per host.
 *
 * @param reason          why it stopped or is rolling back, else null
 * @param currentWave     the index of the wave in progress
 * @param percentApplied  the share of its hosts that applied the profile (and have not been rolled back)
 */
public record RolloutView(String id, String profile, int version, String state, String reason, RolloutSpec spec,
        int currentWave, int percentApplied, Instant createdAt, Instant updatedAt, List<WaveView> waves) {

    /**
     * @param applyCommandId    the wave's apply, once issued
     * @param rollbackCommandId its rollback, once issued
     * @param gate              PASS, WAIT or FAIL once judged
     */
    public record WaveView(int wave, String phase, String applyCommandId, String rollbackCommandId, Instant sentAt,
            Instant bakeUntil, String gate, List<HostView> hosts) {
    }

    /**
     * @param state   pending, sent, applied, planned (dry run), failed or rolled_back
     * @param reasons why the gate held or failed this host, or the agent's reasons
     * @param metrics each checked figure before the wave and at its worst after
     * @param changes per key before / desired / after, as the agent reported (a dry run's diff)
     */
    public record HostView(String hostId, String state, String outcome, String rollbackOutcome, List<String> reasons,
            Map<String, HealthGate.Reading> metrics, List<KeyChange> changes) {
    }
}
