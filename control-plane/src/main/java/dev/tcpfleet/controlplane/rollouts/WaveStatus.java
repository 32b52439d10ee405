package dev.tcpfleet.controlplane.rollouts;

/**
 * The phase a wave shows: its stored {@link WavePhase} while the rollout runs, and the truth once the rollout stopped
 * (a bake an abort cut short is not still baking), was rolled back, or was only a dry run.
 */
public enum WaveStatus {
    /** Not sent yet. */
    PENDING,
    ANSWERING,
    BAKING,
    PASSED,
    FAILED,
    /** Sent, then stopped (an abort, a halt, or a rollback) before its gate judged it. */
    ABORTED,
    /** Never sent: the rollout stopped before it. */
    SKIPPED,
    /** Its rollback is sent and not yet answered by every host. */
    ROLLING_BACK,
    /** Its rollback is answered by every host, or its time to answer is over. */
    ROLLED_BACK,
    /** The one wave of a dry run: each host reports its diff, nothing changes. */
    DRY_RUN;

    /** Where a wave's rollback stands. */
    public enum Rollback { NONE, SENT, DONE }

    public static WaveStatus of(RolloutState rollout, WavePhase stored, Rollback rollback) {
        if (rollout == RolloutState.DRY_RUN) {
            return DRY_RUN;
        }
        if (rollback == Rollback.DONE) {
            return ROLLED_BACK;
        }
        if (rollback == Rollback.SENT) {
            return ROLLING_BACK;
        }
        if (rollout == RolloutState.RUNNING || rollout == RolloutState.PAUSED) {
            return valueOf(stored.name());
        }
        return switch (stored) {
            case PENDING -> SKIPPED;
            case ANSWERING, BAKING -> ABORTED;
            case PASSED -> PASSED;
            case FAILED -> FAILED;
        };
    }
}
