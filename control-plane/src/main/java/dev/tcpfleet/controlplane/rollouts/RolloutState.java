package dev.tcpfleet.controlplane.rollouts;

import java.util.List;

/** Where a rollout stands; see DESIGN.md for the transitions. */
public enum RolloutState {
    RUNNING,
    PAUSED,
    /** Its changes are being undone: a gate failed or an operator aborted it. */
    ROLLING_BACK,
    /** A gate failed and automatic rollback is off: it waits for an operator to abort (roll back) it. */
    HALTED,
    COMPLETED,
    ROLLED_BACK,
    /** A dry run: one dry-run command to every host, nothing changed, nothing to drive. */
    DRY_RUN;

    /** The states that hold their hosts: no other rollout may start over them meanwhile. */
    public static final List<RolloutState> ACTIVE = List.of(RUNNING, PAUSED, ROLLING_BACK, HALTED);
}
