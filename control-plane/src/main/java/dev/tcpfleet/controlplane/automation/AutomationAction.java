package dev.tcpfleet.controlplane.automation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What an automation rule decided about one firing alert, and what came of it; as stored and as
 * {@code /api/automation/actions} shows it.
 *
 * @param alertEventId the alert_events row of the alert going FIRING that caused it
 * @param alertSubject what that alert is about: a host id, or {@code fleet}
 * @param metric       the alert's figure, which the closed loop judges the apply by
 * @param alertValue   that figure when the alert fired
 * @param plan         the exact rollout or campaign request it runs, or would run once approved
 * @param reason       why it was skipped, failed or rolled back, or how it was judged
 * @param judgement    the closed loop's verdict and, per host, the figure before and after
 * @param cooldownUntil until when no other automated action may touch its hosts: when it was decided plus its
 *                      rule's cooldown then; null for a skipped action, which holds nothing. An open action (proposed,
 *                      approved, ready, queued, started) holds its hosts past it too, until it ends
 * @param queuedAt     when it was queued for room (the rollout cap, the hourly budget), if it was
 */
public record AutomationAction(String id, String rule, long alertEventId, String alertRule, String alertSubject,
        String metric,
        String comparison, double alertValue, AutomationRule.Action action, List<String> hostIds, State state,
        String reason, Map<String, Object> plan, String rolloutId, String campaignId, Map<String, Object> judgement,
        Instant createdAt, Instant startedAt, Instant updatedAt, Instant cooldownUntil, Instant queuedAt) {

    public enum State {
        PROPOSED, APPROVED, READY, QUEUED, STARTED, KEPT, ROLLED_BACK, SKIPPED, REJECTED, FAILED, EXPIRED;

        /** States in which the action has not ended: it holds its hosts however old it is. */
        static final List<State> OPEN = List.of(PROPOSED, APPROVED, READY, QUEUED, STARTED);

        /** States whose cooldown holds the hosts: all but those in which nothing was or will be done. */
        static final List<State> ACTED = List.of(PROPOSED, APPROVED, READY, QUEUED, STARTED, KEPT, ROLLED_BACK,
                FAILED);
    }
}
