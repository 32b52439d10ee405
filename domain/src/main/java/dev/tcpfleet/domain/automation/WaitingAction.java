package dev.tcpfleet.domain.automation;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What becomes of an action that waits: a queued one for room to start (the rollout cap, the hourly budget), a
 * proposed one for an operator. Waiting is not forever: the alert that asked for the action may stop firing, and an
 * action long overdue answers a fleet that has moved on.
 */
public final class WaitingAction {
    private WaitingAction() {
    }

    public enum Ending { SKIPPED, EXPIRED }

    /** Why a waiting action ends, and how. */
    public record End(Ending ending, String reason) {
    }

    /**
     * How a queued action ends now, if it does; else it may start once there is room (oldest first).
     *
     * @param queuedAt   when it was queued
     * @param ttl        how long it may wait queued
     * @param alertFires whether the alert it answers still fires
     */
    public static Optional<End> queuedEnd(Instant queuedAt, Instant now, Duration ttl, boolean alertFires) {
        if (!alertFires) {
            return Optional.of(new End(Ending.SKIPPED, "the alert stopped firing while queued"));
        }
        return expiry(queuedAt, now, ttl, "queued", "started", "tcpfleet.automation.queue-ttl").map(r -> new End(Ending.EXPIRED,
                r));
    }

    /** Why a proposal made at {@code proposedAt} has expired, if it has. */
    public static Optional<String> proposalExpiry(Instant proposedAt, Instant now, Duration ttl) {
        return expiry(proposedAt, now, ttl, "proposed", "answered", "tcpfleet.automation.proposal-ttl");
    }

    private static Optional<String> expiry(Instant since, Instant now, Duration ttl, String how, String until,
            String setting) {
        if (now.isBefore(since.plus(ttl))) {
            return Optional.empty();
        }
        return Optional.of("expired: " + how + " at " + since + " and not " + until + " within " + ttl.toSeconds() + " s ("
                + setting + ")");
    }
}
