package dev.tcpfleet.domain.alerts;

import dev.tcpfleet.domain.alerts.AlertRule.Comparison;
import dev.tcpfleet.domain.alerts.AlertRule.Severity;
import dev.tcpfleet.domain.metrics.SnapshotMetric;
import java.time.Duration;
import java.util.List;

/**
 * The rules every fleet starts with: the old script's two warnings (TIME_WAIT over 10,000, connections over
 * 1,500) and the ones it lacked that explain dropped connections.
 */
public final class BuiltInAlertRules {
    private BuiltInAlertRules() {
    }

    public static List<AlertRule> all() {
        return List.of(
                new AlertRule("time-wait-high", SnapshotMetric.TIME_WAIT, Comparison.ABOVE, 10_000, 9_000,
                        Duration.ofMinutes(2), Severity.WARNING),
                new AlertRule("connections-high", SnapshotMetric.ESTABLISHED, Comparison.ABOVE, 1_500, 1_350,
                        Duration.ofMinutes(2), Severity.WARNING),
                // any overflow drops a connection attempt: no tolerance, but a minute so one burst does not page
                new AlertRule("listen-overflows", SnapshotMetric.LISTEN_OVERFLOWS_PER_S, Comparison.ABOVE, 0, 0,
                        Duration.ofMinutes(1), Severity.CRITICAL),
                new AlertRule("ephemeral-ports-exhausting", SnapshotMetric.EPHEMERAL_PORT_USAGE, Comparison.ABOVE,
                        0.8, 0.7, Duration.ofMinutes(1), Severity.CRITICAL),
                new AlertRule("conntrack-full", SnapshotMetric.CONNTRACK_USAGE, Comparison.ABOVE, 0.9, 0.8,
                        Duration.ofMinutes(1), Severity.CRITICAL),
                new AlertRule("retransmits-high", SnapshotMetric.RETRANSMITS_PER_S, Comparison.ABOVE, 100, 50,
                        Duration.ofMinutes(5), Severity.WARNING));
    }
}
