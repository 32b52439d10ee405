package dev.tcpfleet.controlplane.rollouts;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Where a rollout stands; see DESIGN.md for the transitions. */
public enum RolloutState {
    RUNNING,
    PAUSED,
    /** Its changes are being undone, wave by wave: a gate failed, or an operator aborted or rolled it back. */
    ROLLING_BACK,
    /** A gate failed and automatic rollback is off: it waits for an operator to abort (roll back) it. */
    HALTED,
    COMPLETED,
    ROLLED_BACK,
    /** A dry run: one dry-run command to every host, nothing changed, nothing to drive. */
    DRY_RUN;

    /** The states that hold their hosts: no other rollout may start over them meanwhile. */
    public static final List<RolloutState> ACTIVE = List.of(RUNNING, PAUSED, ROLLING_BACK, HALTED);

    /** The states an operator's rollback starts from: the rollout ended, or halted, with hosts it changed. */
    public static final List<RolloutState> UNDOABLE = List.of(COMPLETED, HALTED);

    /** Why a rollout in this state cannot be rolled back, as an error word and a detail; empty if it can. */
    public Optional<Refusal> rollbackRefusal() {
        return switch (this) {
            case COMPLETED, HALTED -> Optional.empty();
            case RUNNING, PAUSED -> Optional.of(new Refusal("rollout_running", "the rollout is still "
                    + name().toLowerCase(Locale.ROOT) + ": abort it, which stops it and rolls back every"
                    + " host it changed"));
            case DRY_RUN -> Optional.of(new Refusal("dry_run", "a dry run changed nothing to roll back"));
            case ROLLING_BACK, ROLLED_BACK -> Optional.of(new Refusal("already_rolled_back", "the rollout is "
                    + (this == ROLLING_BACK ? "being" : "already") + " rolled back"));
        };
    }

    /** A refusal's error word ({@code ApiError.error}) and what it says. */
    public record Refusal(String error, String detail) {
    }
}
