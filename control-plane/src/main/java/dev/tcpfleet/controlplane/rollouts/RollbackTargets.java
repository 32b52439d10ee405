package dev.tcpfleet.controlplane.rollouts;

import dev.tcpfleet.controlplane.commands.CommandView;
import dev.tcpfleet.protocol.TuningOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Which hosts of a wave its rollback goes to, and when that rollback is over. */
final class RollbackTargets {
    private static final String NOT_SENT = "NOT_SENT";

    private RollbackTargets() {
    }

    /**
     * The hosts the wave's apply may have changed: those that answered {@code APPLIED}, or {@code FAILED} (changed part
     * way), and those that got it and never answered (it may still land, before the rollback on the host's partition).
     * Hosts that answered {@code UNCHANGED}, {@code REJECTED} or {@code ROLLED_BACK}, or were never sent the apply,
     * changed nothing.
     */
    static List<String> changed(CommandView apply) {
        return apply.hosts().stream()
                .filter(host -> host.outcome() == null ? !NOT_SENT.equals(host.status())
                        : host.outcome().equals(TuningOutcome.APPLIED.name())
                                || host.outcome().equals(TuningOutcome.FAILED.name()))
                .map(CommandView.HostView::hostId).toList();
    }

    /**
     * Every host answered the rollback (or the broker never took it for the host), or its time to answer is over: a
     * silent host holds the next wave's rollback back by at most the answer timeout.
     */
    static boolean over(CommandView rollback, Instant now, Duration answerTimeout) {
        return rollback.hosts().stream().allMatch(host -> host.outcome() != null || NOT_SENT.equals(host.status()))
                || now.isAfter(rollback.createdAt().plus(answerTimeout));
    }
}
