package dev.tcpfleet.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpfleet.cli.render.Table;
import dev.tcpfleet.cli.render.TimeArgs;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Automation rules and actions as people read them. An action's {@code judgement} comes in two shapes: the canary
 * judge's, {@code {"verdict": {"result": ..., "test": ..., ...}}}, and the earlier closed loop's,
 * {@code {"verdict": "IMPROVED", "reasons": [...], "hosts": {id: {"before": b, "after": a}}}}; both are shown.
 */
final class AutomationViews {
    private AutomationViews() {
    }

    /** GET /api/automation/rules as a table. */
    static String rules(JsonNode rules) {
        Table table = new Table("NAME", "ALERT RULE", "ACTION", "APPLIES", "MODE", "COOLDOWN", "ENABLED");
        for (JsonNode rule : rules) {
            table.row(Fields.text(rule, "name"), Fields.text(rule, "alertRule"), Fields.text(rule, "action"),
                    applies(rule), Fields.text(rule, "mode"), TimeArgs.span(rule.path("cooldownSeconds").asLong()),
                    enabled(rule));
        }
        return table.render();
    }

    /** One rule, a line per term. */
    static String rule(JsonNode rule) {
        Table table = new Table("TERM", "VALUE");
        table.row("name", Fields.text(rule, "name"));
        table.row("alert rule", Fields.text(rule, "alertRule"));
        table.row("action", Fields.text(rule, "action"));
        table.row("applies", applies(rule));
        if (rule.hasNonNull("bakeSeconds")) {
            table.row("bake", TimeArgs.span(rule.path("bakeSeconds").asLong()));
        }
        table.row("mode", Fields.text(rule, "mode"));
        table.row("cooldown", TimeArgs.span(rule.path("cooldownSeconds").asLong()));
        table.row("enabled", enabled(rule));
        return table.render();
    }

    /** {@code web-tuning@3} for an apply, {@code campaign connect 10.0.0.5:80} for a campaign. */
    static String applies(JsonNode rule) {
        if (rule.hasNonNull("campaign")) {
            JsonNode campaign = rule.path("campaign");
            return "campaign " + Fields.text(campaign, "kind", "connect") + " " + Fields.text(campaign, "target");
        }
        return Fields.text(rule, "profile") + "@" + Fields.text(rule, "profileVersion");
    }

    /** yes, no, or why the automation stopped the rule (a profile version it pins was deleted, say). */
    static String enabled(JsonNode rule) {
        String stopped = Fields.text(rule, "stoppedReason", null);
        if (stopped != null) {
            return "stopped: " + stopped;
        }
        return rule.path("enabled").asBoolean(true) ? "yes" : "no";
    }

    /** GET /api/automation/actions as a table; {@code hostnames} by host id names the alert's subject. */
    static String actions(JsonNode actions, Map<String, String> hostnames) {
        Table table = new Table("ID", "RULE", "ALERT", "STATE", "AGE", "STARTED", "VERDICT");
        for (JsonNode action : actions) {
            table.row(Fields.text(action, "id"), Fields.text(action, "rule"), alert(action, hostnames),
                    Fields.text(action, "state"), Fields.ago(action, "createdAt").replace(" ago", ""),
                    started(action), result(action.path("judgement")));
        }
        return table.render();
    }

    /** One action: what caused it, what it runs, where it stands and how it was judged. */
    static String action(JsonNode action, Map<String, String> hostnames) {
        Table table = new Table("ACTION", Fields.text(action, "id"));
        table.row("rule", Fields.text(action, "rule") + " (" + Fields.text(action, "action").toLowerCase(Locale.ROOT)
                + ")");
        table.row("alert", alert(action, hostnames) + ": " + Fields.text(action, "metric") + " "
                + Fields.text(action, "comparison").toLowerCase(Locale.ROOT) + ", "
                + number(action.path("alertValue")) + " when it fired");
        table.row("hosts", String.join(", ", Fields.list(action.path("hostIds")).stream()
                .map(host -> named(host.asText(), hostnames)).toList()));
        table.row("state", Fields.text(action, "state") + ", created " + Fields.ago(action, "createdAt")
                + ", updated " + Fields.ago(action, "updatedAt"));
        table.row("reason", Fields.text(action, "reason"));
        table.row("started", started(action));
        plan(action.path("plan"), "", table);
        judgement(action.path("judgement"), table);
        return table.render();
    }

    /** The verdict in a word: the judge's result ("weaker" for a before/after one), or the closed loop's. */
    static String result(JsonNode judgement) {
        JsonNode verdict = judgement.path("verdict");
        if (verdict.isObject()) {
            return Fields.text(verdict, "result") + (weaker(verdict) ? " (weaker)" : "");
        }
        return verdict.isTextual() ? verdict.asText() : "-";
    }

    /**
     * The judge's verdict on one line: its result, the test, the samples, the effect against the minimum, p and the
     * mode, "weaker" when it fell back to before/after for want of baseline hosts.
     */
    static String summary(JsonNode verdict) {
        String effectPercent = verdict.path("effectPercent").isNumber()
                ? ", " + number(verdict.path("effectPercent")) + "%" : "";
        return Fields.text(verdict, "result") + ": " + Fields.text(verdict, "test") + ", "
                + verdict.path("canary").path("samples").asLong() + " canary and "
                + verdict.path("baseline").path("samples").asLong() + " baseline samples, effect "
                + number(verdict.path("effect")) + effectPercent + " (minimum " + number(verdict.path("minEffect"))
                + "), p=" + number(verdict.path("p")) + ", mode "
                + Fields.text(verdict, "mode").replace('_', '/') + (weaker(verdict) ? ", weaker" : "");
    }

    private static boolean weaker(JsonNode verdict) {
        return verdict.path("weaker").asBoolean(false) || "before_after".equals(verdict.path("mode").asText());
    }

    private static void judgement(JsonNode judgement, Table table) {
        JsonNode verdict = judgement.path("verdict");
        if (verdict.isObject()) {
            table.row("verdict", summary(verdict));
            table.row("", Fields.text(verdict, "summary", ""));
            table.row("canary", group(verdict.path("canary")));
            table.row("baseline", group(verdict.path("baseline")));
            JsonNode window = verdict.path("window");
            table.row("window", Fields.text(window, "from") + " to " + Fields.text(window, "to"));
        } else if (verdict.isTextual()) {
            table.row("verdict", verdict.asText());
            judgement.path("reasons").forEach(reason -> table.row("", reason.asText()));
            judgement.path("hosts").fields().forEachRemaining(host -> table.row("  " + host.getKey(),
                    number(host.getValue().path("before")) + " -> " + number(host.getValue().path("after"))));
        } else {
            table.row("verdict", "not judged yet");
        }
    }

    /** {@code h1, h2 (median 1100)}. */
    private static String group(JsonNode group) {
        List<String> hosts = new ArrayList<>();
        group.path("hosts").forEach(host -> hosts.add(host.asText()));
        return (hosts.isEmpty() ? "no hosts" : String.join(", ", hosts)) + " (median "
                + number(group.path("median")) + ")";
    }

    /** The plan's terms, a line each, nested ones by their path ({@code selector.hosts}); absent ones left out. */
    private static void plan(JsonNode node, String path, Table table) {
        node.fields().forEachRemaining(field -> {
            String name = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                plan(value, name, table);
            } else if (!value.isNull() && !(value.isArray() && value.isEmpty())) {
                table.row("plan " + name, value.isArray() ? list(value) : value.asText());
            }
        });
    }

    private static String list(JsonNode array) {
        return String.join(", ", Fields.list(array).stream().map(item -> item.isValueNode() ? item.asText()
                : item.toString()).toList());
    }

    /** {@code time-wait-high on web-7.example.com}: a host's hostname where it is known. */
    private static String alert(JsonNode action, Map<String, String> hostnames) {
        return Fields.text(action, "alertRule") + " on " + named(Fields.text(action, "alertSubject"), hostnames);
    }

    private static String named(String hostId, Map<String, String> hostnames) {
        return hostnames.getOrDefault(hostId, hostId);
    }

    /** {@code rollout R} or {@code campaign C}, once started. */
    private static String started(JsonNode action) {
        if (action.hasNonNull("rolloutId")) {
            return "rollout " + action.path("rolloutId").asText();
        }
        return action.hasNonNull("campaignId") ? "campaign " + action.path("campaignId").asText() : "-";
    }

    /** 5000 rather than 5000.0, 812.5 to a tenth, and a small figure (a p value) to three significant digits. */
    static String number(JsonNode value) {
        if (!value.isNumber()) {
            return "-";
        }
        double number = value.asDouble();
        if (number == Math.rint(number) && Math.abs(number) < 1e15) {
            return Long.toString((long) number);
        }
        BigDecimal decimal = Math.abs(number) >= 1 ? BigDecimal.valueOf(number).setScale(1, RoundingMode.HALF_UP)
                : new BigDecimal(number).round(new MathContext(3));
        return decimal.stripTrailingZeros().toPlainString();
    }
}
