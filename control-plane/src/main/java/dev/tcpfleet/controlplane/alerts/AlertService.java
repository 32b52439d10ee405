package dev.tcpfleet.controlplane.alerts;

import dev.tcpfleet.controlplane.ControlPlaneConfig;
import dev.tcpfleet.controlplane.errors.Refused;
import dev.tcpfleet.controlplane.hosts.HostRegistry;
import dev.tcpfleet.domain.alerts.AlertRule;
import dev.tcpfleet.domain.alerts.AlertState;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What an operator asks of alerts: their states with the rules and silences that explain them, and silences. */
@ApplicationScoped
public class AlertService {
    private final AlertRuleStore rules;
    private final AlertStore store;
    private final AlertEventStore events;
    private final SilenceStore silences;
    private final HostRegistry hosts;
    private final Duration staleAfter;

    AlertService(AlertRuleStore rules, AlertStore store, AlertEventStore events, SilenceStore silences,
            HostRegistry hosts, ControlPlaneConfig config) {
        this.rules = rules;
        this.store = store;
        this.events = events;
        this.silences = silences;
        this.hosts = hosts;
        this.staleAfter = config.hosts().staleAfter();
    }

    public SilenceView silence(SilenceRequest request) {
        Silence silence = Silence.from(request, name -> rules.find(name).map(AlertRuleStore.StoredRule::rule),
                id -> hosts.find(id).isPresent(), Instant.now());
        return silences.add(silence.rule(), silence.hostId(), silence.reason(), silence.endsAt())
                .withWarnings(silence.warnings());
    }

    public List<SilenceView> silences() {
        return silences.active(Instant.now());
    }

    /** Ends a silence now. */
    public void endSilence(String id) {
        long silenceId;
        try {
            silenceId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw Refused.notFound("silence", id);
        }
        silences.end(silenceId, Instant.now()).orElseThrow(() -> Refused.notFound("running silence", id));
    }

    public List<AlertEventStore.Delivery> events(int limit) {
        return events.newest(limit);
    }

    /** Alerts in any of {@code statuses}, newest change first, each with its rule's terms and any silence on it. */
    public List<AlertView> withStatus(List<AlertState.Status> statuses) {
        List<SilenceView> active = silences.active(Instant.now());
        Map<String, AlertRule> byName = rules.all().stream().map(AlertRuleStore.StoredRule::rule)
                .collect(Collectors.toMap(AlertRule::name, Function.identity()));
        return store.withStatus(statuses).stream()
                .filter(row -> byName.containsKey(row.rule()) || row.rule().equals(StaleHostAlerts.RULE)).map(row -> {
                    Long silencedBy = SilenceStore.covering(active, row.rule(), row.subject().hostId())
                            .map(SilenceView::id).orElse(null);
                    AlertRule rule = byName.get(row.rule());
                    return rule == null ? AlertView.staleHost(row, staleAfter, silencedBy)
                            : AlertView.of(row, rule, silencedBy);
                }).toList();
    }
}
