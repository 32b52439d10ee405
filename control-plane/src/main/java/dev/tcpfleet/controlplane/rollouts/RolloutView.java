package dev.tcpfleet.controlplane.rollouts;

import dev.tcpfleet.controlplane.judge.VerdictView;
import dev.tcpfleet.protocol.KeyChange;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A rollout as the API shows it: its parameters, and progress per wave and per host.
 *
 * @param reason          why it stopped or is rolling back, else null
 * @param startedBy       who started it: {@code user:<token name>} or {@code automation:<rule>}; null for a rollout
 *                        from before attribution whose starter is unknown
 * @param rolledBackBy    who ordered its rollback: {@code user:<token name>} (abort, rollback),
 *                        {@code rollout-gate} (a failed gate with auto-rollback) or {@code closed-loop:<rule>};
 *                        null while none was ordered
 * @param actionId        the automation action that started it (its id is the rollout's), else null
 * @param currentWave     the index (from 0) of the wave in progress; its {@code number} is one more
 * @param percentApplied  the share of its hosts that applied the profile (and have not been rolled back); 0 for a
 *                        dry run, which applies nothing: see {@code hostsAnswered}
 * @param hostsTotal      its hosts, every wave together
 * @param hostsAnswered   those whose agent answered the apply (a dry run's: reported its diff)
 */
public record RolloutView(String id, String profile, int version, String state, String reason, String startedBy,
        String rolledBackBy, String actionId, RolloutSpec spec, int currentWave, int percentApplied, int hostsTotal,
        int hostsAnswered, Instant createdAt, Instant updatedAt, List<WaveView> waves) {

    /**
     * @param wave              its index, from 0; deprecated in favour of {@code number}, kept for the clients that
     *                          still read it
     * @param number            its number as people read it, from 1: the canary is wave 1
     * @param phase             PENDING, ANSWERING, BAKING, PASSED or FAILED as it goes; ABORTED (stopped before its
     *                          gate), SKIPPED (never sent), ROLLING_BACK or ROLLED_BACK once the rollout stopped;
     *                          DRY_RUN for a dry run's one wave
     * @param bakeUntil         when its bake ends and its gate is judged, once its hosts answered
     * @param applyCommandId    the wave's apply, once issued
     * @param rollbackCommandId its rollback, once issued
     * @param gate              PASS, WAIT or FAIL once judged
     * @param bakeExtensions    how many times inconclusive verdicts extended its bake (each by the bake's length)
     * @param verdicts          the canary judge's verdict on each metric check, from its last judgement
     *                          (domain/judge/DESIGN.md)
     */
    public record WaveView(int wave, int number, String phase, String applyCommandId, String rollbackCommandId,
            Instant sentAt, Instant bakeUntil, String gate, int bakeExtensions, List<VerdictView> verdicts,
            List<HostView> hosts) {
    }

    /**
     * @param hostname        the hostname the host last reported (null if it is no longer registered)
     * @param state           pending, sent, applied, planned (dry run), failed or rolled_back
     * @param outcome         the agent's answer to the apply, once answered
     * @param rollbackStatus  for a host its wave's rollback went to: that command's status (SENT, ANSWERED...); null
     *                        for a host the rollback left alone (it changed nothing) or while none was sent
     * @param rollbackOutcome the agent's answer to the rollback, once answered
     * @param reasons         why the gate held or failed this host, or the agent's reasons
     * @param metrics         each checked figure before the wave and at its worst after (shown; the judge decides)
     * @param changes         per key before / desired / after, as the agent reported (a dry run's diff)
     */
    public record HostView(String hostId, String hostname, String state, String outcome, String rollbackStatus, String rollbackOutcome,
            List<String> reasons, Map<String, HealthGate.Reading> metrics, List<KeyChange> changes) {
    }
}
