package dev.tcpfleet.protocol;

import java.time.Instant;

/**
 * An alert changed status, published on {@link Topics#ALERTS} and posted to the configured webhook. Delivered at
 * least once: {@code eventId} tells a repeat from a new event.
 *
 * @param from  the status it left: OK, PENDING, FIRING or RESOLVED
 * @param to    the status it entered
 * @param value the figure that moved it
 * @param at    the collection time of the snapshot that moved it
 */
public record AlertEvent(int schemaVersion, long eventId, String rule, String hostId, String severity, String from,
        String to, String metric, double value, double threshold, Instant at) {

    public static final int SCHEMA_VERSION = 1;
}
