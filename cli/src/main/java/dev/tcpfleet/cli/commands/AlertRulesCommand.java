package dev.tcpfleet.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpfleet.cli.ApiClient;
import dev.tcpfleet.cli.ApiCommand;
import dev.tcpfleet.cli.CliException;
import dev.tcpfleet.cli.CommandGroup;
import dev.tcpfleet.cli.ExitCodes;
import dev.tcpfleet.cli.Session;
import dev.tcpfleet.cli.render.Table;
import dev.tcpfleet.domain.text.Suggestions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code alerts rules}: the rules alerts are judged by, over {@code /api/alerts/rules}. */
@Command(name = "rules", description = "The alert rules: list, show, put (create or replace) and delete them.",
        subcommands = {AlertRulesCommand.ListRules.class, AlertRulesCommand.Show.class, AlertRulesCommand.Put.class,
            AlertRulesCommand.Delete.class})
final class AlertRulesCommand extends CommandGroup {

    @Command(name = "list", description = "Every rule: scope, metric, when it fires and clears, severity, labels.")
    static final class ListRules extends ApiCommand {
        @Override
        public Integer call() {
            session().print(session().api().get("/api/alerts/rules"), AlertRulesCommand::table);
            return 0;
        }
    }

    @Command(name = "show", description = "One rule, a line per term.")
    static final class Show extends ApiCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            JsonNode rule = find(session(), name);
            session().print(rule.toString(), AlertRulesCommand::terms);
            return 0;
        }
    }

    @Command(name = "put", description = "Create the rule, or replace it: alerts open under it keep their state"
            + " under the new terms.")
    static final class Put extends ApiCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--file", required = true, paramLabel = "RULE.json", description = "the rule as PUT"
                + " /api/alerts/rules/NAME takes it, e.g. {\"metric\": \"time_wait\", \"comparison\": \"above\","
                + " \"threshold\": 5000, \"severity\": \"warning\"} (\"-\" for stdin)")
        Path file;

        @Override
        public Map<String, String> flagsByField() {
            return Map.of("name", "NAME");
        }

        @Override
        public Integer call() {
            String body = jsonFile(file);
            session().print(session().api().put("/api/alerts/rules/" + ApiClient.segment(name), body),
                    rule -> "rule " + Fields.text(rule, "name") + " put\n" + terms(rule));
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a rule; its alerts are no longer judged. Refused while an"
            + " automation rule answers it, unless --force, which stops those automation rules.")
    static final class Delete extends ApiCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--force", description = "delete it even if automation rules use it, and stop them")
        boolean force;

        @Override
        public Integer call() {
            find(session(), name);
            session().api().delete("/api/alerts/rules/" + ApiClient.segment(name) + (force ? "?force=true" : ""));
            session().out().print("rule " + name + " deleted\n");
            return 0;
        }
    }

    /** The rule named {@code name}, or a refusal with the nearest name: the API has no GET of one rule. */
    static JsonNode find(Session session, String name) {
        List<JsonNode> rules = Fields.list(session.tree(session.api().get("/api/alerts/rules")));
        return rules.stream().filter(rule -> rule.path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new CliException(ExitCodes.REFUSED, "no rule '" + name + "'"
                        + Suggestions.didYouMean(name, names(rules)) + " (tcpfleet alerts rules list shows them)"));
    }

    static List<String> names(List<JsonNode> rules) {
        return rules.stream().map(rule -> rule.path("name").asText()).toList();
    }

    /** GET /api/alerts/rules as a table. */
    static String table(JsonNode rules) {
        Table table = new Table("NAME", "SCOPE", "METRIC", "FIRES", "CLEARS", "FOR", "SEVERITY", "LABELS");
        for (JsonNode rule : rules) {
            table.row(Fields.text(rule, "name"), Fields.text(rule, "scope"), metric(rule), fires(rule),
                    clears(rule), rule.path("forSeconds").asLong() + "s", Fields.text(rule, "severity"),
                    Fields.text(rule, "labels"));
        }
        return table.render();
    }

    /** One rule as "term: value" lines. */
    static String terms(JsonNode rule) {
        Table table = new Table("TERM", "VALUE");
        table.row("name", Fields.text(rule, "name"));
        table.row("scope", Fields.text(rule, "scope"));
        table.row("metric", metric(rule));
        table.row("fires", fires(rule));
        table.row("clears", clears(rule));
        table.row("for", rule.path("forSeconds").asLong() + "s");
        table.row("severity", Fields.text(rule, "severity"));
        table.row("labels", Fields.text(rule, "labels"));
        return table.render();
    }

    /** {@code time_wait}, or {@code sum(established)} for a fleet rule. */
    private static String metric(JsonNode rule) {
        return rule.hasNonNull("aggregate") ? Fields.text(rule, "aggregate") + "(" + Fields.text(rule, "metric") + ")"
                : Fields.text(rule, "metric");
    }

    private static String fires(JsonNode rule) {
        return Fields.text(rule, "comparison") + " " + number(rule.path("threshold"));
    }

    /** Back past the clear threshold: a rule firing above it clears at or below. */
    private static String clears(JsonNode rule) {
        return ("above".equals(rule.path("comparison").asText()) ? "at or below " : "at or above ")
                + number(rule.path("clearThreshold"));
    }

    /** 5000 rather than 5000.0: thresholds are mostly counts. */
    private static String number(JsonNode value) {
        double number = value.asDouble();
        return number == Math.rint(number) && Math.abs(number) < 1e15 ? Long.toString((long) number)
                : Double.toString(number);
    }
}
