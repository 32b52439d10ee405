package dev.tcpfleet.controlplane.alerts;

import java.time.Instant;

/**
 * An alert as the API shows it.
 *
 * @param scope      {@code host}, {@code fleet} or {@code campaign}: its rule's
 * @param subject    what it is about: the host id, {@code fleet}, or {@code campaign:} and the campaign id
 * @param hostId     the host of a host alert; null for fleet and campaign alerts
 * @param aggregate  how a fleet alert's figure combines its hosts' (sum, avg, max, p95); null for the others
 * @param since      when it entered its status (for PENDING, when the breach began)
 * @param lastValue  the figure it was last judged on; for a resolved host alert, the figure it resolved on
 * @param evaluatedAt when that figure was collected
 * @param silencedBy the silence that keeps it off the webhook now, or null
 */
public record AlertView(String rule, String scope, String subject, String hostId, String status, String severity,
        String metric, String aggregate, String comparison, double threshold, double clearThreshold, Instant since,
        double lastValue, Instant evaluatedAt, Long silencedBy) {
}
