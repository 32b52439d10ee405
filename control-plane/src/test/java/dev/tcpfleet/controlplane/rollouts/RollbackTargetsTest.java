package dev.tcpfleet.controlplane.rollouts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.controlplane.commands.CommandView;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RollbackTargetsTest {
    private static final Instant SENT = Instant.parse("2026-12-07T10:00:00Z");

    /** Hosts as "id:STATUS:OUTCOME", the outcome empty while unanswered. */
    private static CommandView command(String action, String... hosts) {
        List<CommandView.HostView> views = Arrays.stream(hosts).map(host -> host.split(":", -1))
                .map(p -> new CommandView.HostView(p[0], p[0] + "-c", p[1], p[2].isEmpty() ? null : p[2], null,
                        List.of(), List.of(), List.of(), null, null))
                .toList();
        return new CommandView("c", action, null, null, false, null, null, null, SENT, SENT.plusSeconds(600), "user:alice", null,
                null, views);
    }

    @Test
    void theRollbackGoesToTheHostsTheApplyMayHaveChangedAndNoOthers() {
        // never-sent: the broker refused the apply, but it is sent again until it expires, so it may still land
        CommandView apply = command("apply", "applied:ANSWERED:APPLIED", "part-way:ANSWERED:FAILED",
                "silent:SENT:", "expired:EXPIRED:", "unsent-yet:PENDING:", "never-sent:NOT_SENT:",
                "unchanged:ANSWERED:UNCHANGED", "refused:ANSWERED:REJECTED", "undid-itself:ANSWERED:ROLLED_BACK");
        assertEquals(List.of("applied", "part-way", "silent", "expired", "unsent-yet", "never-sent"),
                RollbackTargets.changed(apply));
    }

    @Test
    void aRollbackIsOverWhenEveryHostAnsweredOrItsTimeIsUp() {
        Duration timeout = Duration.ofMinutes(2);
        Instant early = SENT.plusSeconds(10);
        assertTrue(RollbackTargets.over(command("rollback", "a:ANSWERED:REVERTED", "b:ANSWERED:FAILED"), early,
                timeout));
        assertTrue(RollbackTargets.over(command("rollback", "a:ANSWERED:REVERTED", "b:ANSWERED:REJECTED"), early,
                timeout), "a host that never ran the apply refuses its rollback, and that is fine");
        assertFalse(RollbackTargets.over(command("rollback", "a:ANSWERED:REVERTED", "b:NOT_SENT:"), early, timeout),
                "a rollback the broker refused is sent again, so the host may still answer");
        assertFalse(RollbackTargets.over(command("rollback", "a:ANSWERED:REVERTED", "b:SENT:"), early, timeout));
        assertTrue(RollbackTargets.over(command("rollback", "a:ANSWERED:REVERTED", "b:SENT:"),
                SENT.plus(timeout).plusSeconds(1), timeout));
    }
}
