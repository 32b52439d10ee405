package dev.tcpfleet.controlplane.alerts.delivery;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tcpfleet.controlplane.alerts.AlertContext;
import dev.tcpfleet.controlplane.alerts.AlertView;
import dev.tcpfleet.protocol.AlertEvent;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An alert as Alertmanager's v2 API takes it ({@code POST /api/v2/alerts}). A firing one has no end: Alertmanager
 * ends it {@code resolve_timeout} after it last heard of it, so it is posted again well before that.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record AlertmanagerAlert(SortedMap<String, String> labels, SortedMap<String, String> annotations, Instant startsAt,
        Instant endsAt, @JsonProperty("generatorURL") String generatorUrl) {

    /** The labels tcpfleet sets; a host label of the same name goes under {@link #HOST_LABEL_PREFIX} instead. */
    static final Set<String> FIXED = Set.of("alertname", "severity", "host", "hostname", "selector", "campaign");
    static final String HOST_LABEL_PREFIX = "host_label_";

    /** The alert in Alertmanager's terms; {@code publicUrl}, when set, makes its link to the dashboard. */
    static AlertmanagerAlert of(AlertContext context, Optional<URI> publicUrl) {
        AlertView alert = context.alert();
        SortedMap<String, String> labels = new TreeMap<>();
        if (context.host() != null) {
            context.host().labels().forEach((name, value) -> {
                String label = labelName(name);
                put(labels, FIXED.contains(label) ? HOST_LABEL_PREFIX + label : label, value);
            });
        }
        put(labels, "alertname", alert.rule());
        put(labels, "severity", alert.severity());
        put(labels, "host", alert.hostId());
        put(labels, "hostname", context.host() == null ? null : context.host().hostname());
        if (alert.scope().equals("fleet")) {
            put(labels, "selector", context.selector());
        }
        if (alert.subject().startsWith(AlertEvent.CAMPAIGN_PREFIX)) {
            put(labels, "campaign", alert.subject().substring(AlertEvent.CAMPAIGN_PREFIX.length()));
        }

        boolean resolved = alert.status().equals("resolved");
        SortedMap<String, String> annotations = new TreeMap<>();
        put(annotations, "summary", summary(context, resolved));
        put(annotations, "value", number(alert.lastValue()));
        put(annotations, "threshold", number(alert.threshold()));
        if (context.finding() != null) {
            put(annotations, "finding", context.finding().code() + ": " + context.finding().cause());
            put(annotations, "action", context.finding().action());
        }
        put(annotations, "runbook_url", context.runbook());

        String generator = publicUrl.map(base -> base.toString().replaceAll("/+$", "") + (alert.hostId() == null
                ? "/dashboard/alerts.html"
                : "/dashboard/host.html?id=" + URLEncoder.encode(alert.hostId(), StandardCharsets.UTF_8)))
                .orElse(null);
        // a resolved alert's row keeps when it resolved only: it is posted as a moment, which Alertmanager merges into
        // the firing one it holds (their times overlap), or keeps as resolved when it never heard of it
        return new AlertmanagerAlert(labels, annotations, alert.since(), resolved ? alert.since() : null, generator);
    }

    private static String summary(AlertContext context, boolean resolved) {
        AlertView alert = context.alert();
        String where = context.host() != null ? context.host().hostname() + " (" + alert.hostId() + ")"
                : alert.hostId() != null ? alert.hostId()
                : alert.aggregate() != null ? "the fleet (" + alert.aggregate()
                        + (context.selector() == null ? "" : " over " + context.selector()) + ")"
                : alert.subject();
        return alert.metric() + (resolved ? " back to " : " at ") + number(alert.lastValue()) + " on " + where
                + (resolved ? ", past its clear threshold " + number(alert.clearThreshold())
                        : ", " + alert.comparison() + " its threshold " + number(alert.threshold()));
    }

    /** A label name Alertmanager takes ({@code [a-zA-Z_][a-zA-Z0-9_]*}), as {@code k8s.io/zone} is not. */
    static String labelName(String name) {
        String safe = name.replaceAll("[^a-zA-Z0-9_]", "_");
        return safe.isEmpty() || Character.isDigit(safe.charAt(0)) ? "_" + safe : safe;
    }

    /** Leaves out what is absent: Alertmanager reads an empty label as no label. */
    private static void put(Map<String, String> map, String name, String value) {
        if (value != null && !value.isEmpty()) {
            map.put(name, value);
        }
    }

    private static String number(double value) {
        return Double.isFinite(value) ? BigDecimal.valueOf(value).stripTrailingZeros().toPlainString()
                : String.valueOf(value);
    }
}
