package dev.tcpfleet.controlplane.rollouts;

import dev.tcpfleet.controlplane.commands.CommandView;
import dev.tcpfleet.protocol.TuningOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Which hosts of a wave its rollback goes to, and when that rollback is over. */
final class RollbackTargets {
    private RollbackTargets() {
    }

    /**
     * The hosts the wave's apply may have changed: those that answered {@code APPLIED}, or {@code FAILED} (changed part
     * way), and those that have not answered, whatever the broker said: even one the broker refused ({@code NOT_SENT})
     * is sent again until the command expires, so its apply may still land. An agent that never ran the apply answers
     * its rollback {@code REJECTED}, which harms nothing. Hosts that answered {@code UNCHANGED}, {@code REJECTED} or
     * {@code ROLLED_BACK} changed nothing.
     */
    static List<String> changed(CommandView apply) {
        return apply.hosts().stream()
                .filter(host -> host.outcome() == null
                        || host.outcome().equals(TuningOutcome.APPLIED.name())
                                || host.outcome().equals(TuningOutcome.FAILED.name()))
                .map(CommandView.HostView::hostId).toList();
    }

    /**
     * Every host answered the rollback, whatever it answered ({@code REJECTED} from a host that never ran the apply is
     * fine), or its time to answer is over: a silent host, or one the broker refused the rollback for (it is sent
     * again), holds the next wave's rollback back by at most the answer timeout.
     */
    static boolean over(CommandView rollback, Instant now, Duration answerTimeout) {
        return rollback.hosts().stream().allMatch(host -> host.outcome() != null)
                || now.isAfter(rollback.createdAt().plus(answerTimeout));
    }
}
