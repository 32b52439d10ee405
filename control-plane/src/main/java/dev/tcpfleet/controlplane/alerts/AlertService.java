package dev.tcpfleet.controlplane.alerts;

import dev.tcpfleet.controlplane.ControlPlaneConfig;
import dev.tcpfleet.controlplane.errors.Refused;
import dev.tcpfleet.controlplane.history.SnapshotStore;
import dev.tcpfleet.controlplane.hosts.Host;
import dev.tcpfleet.controlplane.hosts.HostRegistry;
import dev.tcpfleet.domain.alerts.AlertState;
import dev.tcpfleet.protocol.Finding;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private final SnapshotStore snapshots;
    private final AlertmanagerTargetStore targets;
    private final List<String> alertmanagerUrls;
    private final Duration staleAfter;

    AlertService(AlertRuleStore rules, AlertStore store, AlertEventStore events, SilenceStore silences,
            HostRegistry hosts, SnapshotStore snapshots, AlertmanagerTargetStore targets, ControlPlaneConfig config) {
        this.rules = rules;
        this.store = store;
        this.events = events;
        this.silences = silences;
        this.hosts = hosts;
        this.snapshots = snapshots;
        this.targets = targets;
        this.alertmanagerUrls = config.alerts().alertmanager().urls().orElse(List.of());
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

    /** How the posts to each configured Alertmanager endpoint go; one not tried yet is left out. */
    public List<AlertmanagerTargetView> alertmanagers() {
        return targets.all(alertmanagerUrls.stream().map(String::trim).toList());
    }

    /** Alerts in any of {@code statuses}, newest change first, each with its rule's terms and any silence on it. */
    public List<AlertView> withStatus(List<AlertState.Status> statuses) {
        return views(store.withStatus(statuses), byName(rules.all()));
    }

    /**
     * Alerts firing now and those resolved at or after {@code resolvedSince}, each with what a receiver routes and
     * acts on: its rule's selector and runbook, its host, and that host's most urgent finding while it fires.
     */
    @Transactional
    public List<AlertContext> firingOrResolvedSince(Instant resolvedSince) {
        Map<String, AlertRuleStore.StoredRule> stored = byName(rules.current());
        List<AlertView> views = views(store.firingOrResolvedSince(resolvedSince), stored);
        Map<String, Host> byId = views.stream().anyMatch(view -> view.hostId() != null)
                ? hosts.all().stream().collect(Collectors.toMap(Host::id, Function.identity())) : Map.of();
        Map<String, Optional<Finding>> findings = new HashMap<>();
        return views.stream().map(view -> {
            Optional<AlertRuleStore.StoredRule> rule = Optional.ofNullable(stored.get(view.rule()));
            Finding finding = view.hostId() == null || !view.status().equals("firing") ? null
                    : findings.computeIfAbsent(view.hostId(), this::mostUrgentFinding).orElse(null);
            return new AlertContext(view, rule.map(AlertRuleStore.StoredRule::labels).orElse(null),
                    rule.map(AlertRuleStore.StoredRule::runbook).orElse(null),
                    view.hostId() == null ? null : byId.get(view.hostId()), finding);
        }).toList();
    }

    private Optional<Finding> mostUrgentFinding(String hostId) {
        return snapshots.latestSnapshot(hostId).flatMap(snapshot -> snapshot.findings().stream()
                .max(Comparator.comparing(Finding::severity)));
    }

    private static Map<String, AlertRuleStore.StoredRule> byName(List<AlertRuleStore.StoredRule> rules) {
        return rules.stream().collect(Collectors.toMap(stored -> stored.rule().name(), Function.identity()));
    }

    private List<AlertView> views(List<AlertStore.Row> rows, Map<String, AlertRuleStore.StoredRule> byName) {
        List<SilenceView> active = silences.active(Instant.now());
        return rows.stream()
                .filter(row -> byName.containsKey(row.rule()) || row.rule().equals(StaleHostAlerts.RULE)).map(row -> {
                    Long silencedBy = SilenceStore.covering(active, row.rule(), row.subject().hostId())
                            .map(SilenceView::id).orElse(null);
                    AlertRuleStore.StoredRule stored = byName.get(row.rule());
                    return stored == null ? AlertView.staleHost(row, staleAfter, silencedBy)
                            : AlertView.of(row, stored.rule(), silencedBy);
                }).toList();
    }
}
