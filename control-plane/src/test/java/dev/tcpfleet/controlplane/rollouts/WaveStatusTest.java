package dev.tcpfleet.controlplane.rollouts;

import static dev.tcpfleet.controlplane.rollouts.WaveStatus.Rollback.DONE;
import static dev.tcpfleet.controlplane.rollouts.WaveStatus.Rollback.NONE;
import static dev.tcpfleet.controlplane.rollouts.WaveStatus.Rollback.SENT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class WaveStatusTest {
    record Case(String why, RolloutState rollout, WavePhase stored, WaveStatus.Rollback rollback, WaveStatus shown) {
    }

    @Test
    void aWaveShowsWhatBecameOfItNotWhereItWasLeft() {
        List<Case> cases = List.of(
                new Case("a running wave shows its phase", RolloutState.RUNNING, WavePhase.BAKING, NONE,
                        WaveStatus.BAKING),
                new Case("a paused rollout's bake is still a bake", RolloutState.PAUSED, WavePhase.BAKING, NONE,
                        WaveStatus.BAKING),
                new Case("a completed wave passed", RolloutState.COMPLETED, WavePhase.PASSED, NONE,
                        WaveStatus.PASSED),
                new Case("a dry run answers, it does not apply", RolloutState.DRY_RUN, WavePhase.ANSWERING, NONE,
                        WaveStatus.DRY_RUN),
                new Case("an abort cut the bake short", RolloutState.ROLLED_BACK, WavePhase.BAKING, NONE,
                        WaveStatus.ABORTED),
                new Case("an abort while hosts answered", RolloutState.ROLLING_BACK, WavePhase.ANSWERING, NONE,
                        WaveStatus.ABORTED),
                new Case("a wave never sent after a halt", RolloutState.HALTED, WavePhase.PENDING, NONE,
                        WaveStatus.SKIPPED),
                new Case("the halted wave failed its gate", RolloutState.HALTED, WavePhase.FAILED, NONE,
                        WaveStatus.FAILED),
                new Case("its rollback is out", RolloutState.ROLLING_BACK, WavePhase.PASSED, SENT,
                        WaveStatus.ROLLING_BACK),
                new Case("its rollback is answered", RolloutState.ROLLING_BACK, WavePhase.BAKING, DONE,
                        WaveStatus.ROLLED_BACK),
                new Case("a rolled back rollout's failed wave", RolloutState.ROLLED_BACK, WavePhase.FAILED, DONE,
                        WaveStatus.ROLLED_BACK),
                new Case("a wave that changed no host has no rollback", RolloutState.ROLLED_BACK, WavePhase.PASSED,
                        NONE, WaveStatus.PASSED));
        for (Case c : cases) {
            assertEquals(c.shown(), WaveStatus.of(c.rollout(), c.stored(), c.rollback()), c.why());
        }
    }

    @Test
    void onlyACompletedOrHaltedRolloutIsRolledBackAndEveryOtherSaysWhyNot() {
        for (RolloutState state : RolloutState.values()) {
            assertEquals(RolloutState.UNDOABLE.contains(state), state.rollbackRefusal().isEmpty(), state.name());
        }
        assertEquals("rollout_running", RolloutState.PAUSED.rollbackRefusal().orElseThrow().error());
        assertEquals("dry_run", RolloutState.DRY_RUN.rollbackRefusal().orElseThrow().error());
        assertEquals("already_rolled_back", RolloutState.ROLLED_BACK.rollbackRefusal().orElseThrow().error());
        assertEquals("already_rolled_back", RolloutState.ROLLING_BACK.rollbackRefusal().orElseThrow().error());
    }
}
