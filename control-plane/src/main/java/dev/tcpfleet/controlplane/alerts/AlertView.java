package dev.tcpfleet.controlplane.alerts;

import java.time.Instant;

/**
 * An alert as the API shows it.
 *
 * @param since     when it entered its status (for PENDING, when the breach began)
 * @param lastValue the figure of the last snapshot judged
 * @param silencedBy the silence that keeps it off the webhook now, or null
 */
public record AlertView(String rule, String hostId, String status, String severity, String metric, String comparison,
        double threshold, double clearThreshold, Instant since, double lastValue, Instant evaluatedAt,
        Long silencedBy) {
}
