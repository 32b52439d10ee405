package dev.tcpfleet.controlplane.automation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcpfleet.controlplane.rollouts.RolloutView;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AutomationEngineTest {

    /** A rolled-back rollout whose waves' gates were judged {@code gates} (null: never judged). */
    private static RolloutView rolledBack(String reason, String... gates) {
        List<RolloutView.WaveView> waves = Arrays.stream(gates).map(gate -> new RolloutView.WaveView(0, 1,
                "ROLLED_BACK", "apply", "rollback", null, null, gate, 0, List.of(), List.of())).toList();
        return new RolloutView("r", "p", 1, "ROLLED_BACK", reason, "automation:fix-tw", "user:alice", "r", null, 0, 0,
                1, 1, null, null, waves);
    }

    @Test
    void anActionsRolloutRolledBackSaysWhetherItHadCompleted() {
        assertEquals("the rollout was rolled back after it completed: rolled back by an operator",
                AutomationEngine.rolledBackReason(rolledBack("rolled back by an operator", "PASS", "PASS")));
        assertEquals("the rollout was rolled back before it completed: rolled back by an operator",
                AutomationEngine.rolledBackReason(rolledBack("rolled back by an operator", "PASS", "FAIL")),
                "a halted rollout an operator rolled back never completed");
        assertEquals("the rollout was rolled back before it completed: aborted by an operator",
                AutomationEngine.rolledBackReason(rolledBack("aborted by an operator", "PASS", null)));
    }
}
