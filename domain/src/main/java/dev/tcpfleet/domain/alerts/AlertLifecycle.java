package dev.tcpfleet.domain.alerts;

import dev.tcpfleet.domain.alerts.AlertState.Status;
import java.time.Duration;
import java.time.Instant;

/**
 * The alert state machine, judged on each figure as it arrives: a host's snapshot, a fleet rule's aggregate, a
 * campaign's merged result. Pure: the same rule, state and figure always give the same next state.
 * <ul>
 * <li>a breach starts PENDING; it becomes FIRING once it has lasted {@code forDuration} (at once if zero);</li>
 * <li>a PENDING alert whose figure stops breaching goes back to OK: it never fired;</li>
 * <li>a FIRING alert RESOLVES only when the figure is back past the clear threshold (hysteresis);</li>
 * <li>a snapshot older than the last one judged changes nothing: redelivered or late data cannot rewind time.</li>
 * </ul>
 */
public final class AlertLifecycle {
    private AlertLifecycle() {
    }

    public static AlertState next(AlertRule rule, AlertState state, double value, Instant collectedAt) {
        if (collectedAt.isBefore(state.evaluatedAt())) {
            return state;
        }
        boolean breached = rule.breached(value);
        return switch (state.status()) {
            case OK, RESOLVED -> breached ? pendingOrFiring(rule, collectedAt, collectedAt, value)
                    : new AlertState(state.status(), state.since(), value, collectedAt);
            case PENDING -> breached ? pendingOrFiring(rule, state.since(), collectedAt, value)
                    : new AlertState(Status.OK, collectedAt, value, collectedAt);
            case FIRING -> rule.cleared(value) ? new AlertState(Status.RESOLVED, collectedAt, value, collectedAt)
                    : new AlertState(Status.FIRING, state.since(), value, collectedAt);
        };
    }

    private static AlertState pendingOrFiring(AlertRule rule, Instant breachSince, Instant now, double value) {
        boolean lastedLongEnough = !Duration.between(breachSince, now).minus(rule.forDuration()).isNegative();
        return lastedLongEnough ? new AlertState(Status.FIRING, now, value, now)
                : new AlertState(Status.PENDING, breachSince, value, now);
    }
}
