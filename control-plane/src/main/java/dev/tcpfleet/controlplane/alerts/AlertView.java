package dev.tcpfleet.controlplane.alerts;

import dev.tcpfleet.controlplane.errors.Choices;
import dev.tcpfleet.domain.alerts.AlertRule;
import dev.tcpfleet.domain.alerts.AlertState;
import java.time.Duration;
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

    static AlertView of(AlertStore.Row row, AlertRule rule, Long silencedBy) {
        AlertState state = row.state();
        AlertSubject subject = row.subject();
        return new AlertView(row.rule(), Choices.name(rule.scope()), subject.id(), subject.hostId(),
                Choices.name(state.status()), Choices.name(rule.severity()), rule.metric().apiName(),
                rule.aggregate() == null ? null : Choices.name(rule.aggregate()), Choices.name(rule.comparison()),
                rule.threshold(), rule.clearThreshold(), state.since(), state.lastValue(), state.evaluatedAt(),
                silencedBy);
    }

    /** A host that stopped reporting: judged on silence, not on a figure, so its terms are the stale limit. */
    static AlertView staleHost(AlertStore.Row row, Duration staleAfter, Long silencedBy) {
        AlertState state = row.state();
        AlertSubject subject = row.subject();
        double after = staleAfter.toSeconds();
        return new AlertView(row.rule(), Choices.name(AlertRule.Scope.HOST), subject.id(), subject.hostId(),
                Choices.name(state.status()), "warning", StaleHostAlerts.METRIC, null, "above", after, after,
                state.since(), state.lastValue(), state.evaluatedAt(), silencedBy);
    }
}
