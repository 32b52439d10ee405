package dev.tcpfleet.protocol;

import java.time.Instant;

/**
 * An alert changed status, published on {@link Topics#ALERTS} and posted to the configured webhook. Delivered at
 * least once: {@code eventId} tells a repeat from a new event.
 *
 * <p>Version 2 added {@code subject}, and {@code hostId} became null for alerts about no single host. A version-1
 * reader would take such an event for a host's, so the version says it is not one it knows.
 *
 * @param subject what the alert is about: the host id for a host rule's alert, {@link #FLEET} for a fleet rule's,
 *                {@link #CAMPAIGN_PREFIX} and the campaign id for a campaign rule's; messages are keyed by it
 * @param hostId  the host of a host rule's alert (then equal to {@code subject}); null otherwise
 * @param from    the status it left: OK, PENDING, FIRING or RESOLVED
 * @param to      the status it entered
 * @param value   the figure that moved it
 * @param at      the collection time of the snapshot that moved it (for a campaign alert, when the result arrived)
 */
public record AlertEvent(int schemaVersion, long eventId, String rule, String subject, String hostId,
        String severity, String from, String to, String metric, double value, double threshold, Instant at) {

    public static final int SCHEMA_VERSION = 2;
    public static final String FLEET = "fleet";
    public static final String CAMPAIGN_PREFIX = "campaign:";
}
