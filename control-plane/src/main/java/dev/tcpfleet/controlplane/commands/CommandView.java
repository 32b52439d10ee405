package dev.tcpfleet.controlplane.commands;

import dev.tcpfleet.protocol.KeyChange;
import java.time.Instant;
import java.util.List;

/**
 * A command as the API shows it: the request, and what became of it on each host.
 *
 * @param version null for a rollback or confirm, which names no profile
 * @param confirmWithinSeconds for an apply with a confirm window: its length; else null
 * @param actor     who issued it: {@code user:<token name>}, {@code automation:<rule>}, {@code closed-loop:<rule>} or
 *                  {@code rollout-gate}; null for a command from before attribution whose issuer is unknown
 * @param rolloutId the rollout whose wave it is, else null
 * @param actionId  the automation action it belongs to, else null
 */
public record CommandView(String id, String action, String profile, Integer version, boolean dryRun,
        String rollbackOf, Integer confirmWithinSeconds, String confirmOf, Instant createdAt, Instant expiresAt,
        String actor, String rolloutId, String actionId, List<HostView> hosts) {

    /**
     * One host's part.
     *
     * @param commandId the id of this host's own signed command, which its agent reports against
     * @param status    PENDING, SENT, NOT_SENT, ANSWERED, or EXPIRED for one sent but unanswered past its expiry
     * @param outcome   the agent's outcome once ANSWERED, else null; an apply with a confirm window that closed
     *                  unconfirmed moves on from APPLIED to REVERTED (or FAILED, if the host could not revert it)
     * @param confirmBy for an apply with a confirm window: when the host reverts it unless confirmed
     */
    public record HostView(String hostId, String commandId, String status, String outcome, String failedKey,
            List<String> reasons, List<String> warnings, List<KeyChange> changes, Instant finishedAt,
            Instant confirmBy) {
    }
}
