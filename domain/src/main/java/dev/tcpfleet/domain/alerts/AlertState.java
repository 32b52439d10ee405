package dev.tcpfleet.domain.alerts;

import java.time.Instant;

/**
 * One rule's alert on one host: where it is in its lifecycle (ok → pending → firing → resolved) and since when.
 * Stored as is, so a pending alert's {@code for} timer survives a restart.
 *
 * @param since     when it entered this status (for PENDING, when the breach began)
 * @param lastValue the figure it was last judged on
 * @param evaluatedAt the collection time of the snapshot it was last judged on
 */
public record AlertState(Status status, Instant since, double lastValue, Instant evaluatedAt) {

    public enum Status { OK, PENDING, FIRING, RESOLVED }

    public static AlertState initial() {
        return new AlertState(Status.OK, Instant.EPOCH, Double.NaN, Instant.EPOCH);
    }
}
