package dev.tcpfleet.domain.alerts;

import java.time.Instant;

/**
 * One rule's alert on one subject (a host, the fleet, a campaign): where it is in its lifecycle (ok → pending →
 * firing → resolved) and since when. Stored as is, so a pending alert's {@code for} timer survives a restart.
 *
 * @param since     when it entered this status (for PENDING, when the breach began)
 * @param lastValue the figure it was last judged on
 * @param evaluatedAt the time of the figure it was last judged on (a snapshot's collection time)
 */
public record AlertState(Status status, Instant since, double lastValue, Instant evaluatedAt) {

    public enum Status { OK, PENDING, FIRING, RESOLVED }

    public static AlertState initial() {
        return new AlertState(Status.OK, Instant.EPOCH, Double.NaN, Instant.EPOCH);
    }
}
