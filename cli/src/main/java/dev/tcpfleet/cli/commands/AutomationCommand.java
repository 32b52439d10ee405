package dev.tcpfleet.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpfleet.cli.ApiClient;
import dev.tcpfleet.cli.ApiCommand;
import dev.tcpfleet.cli.CliException;
import dev.tcpfleet.cli.CommandGroup;
import dev.tcpfleet.cli.ExitCodes;
import dev.tcpfleet.cli.Session;
import dev.tcpfleet.domain.text.Suggestions;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code automation}: what automation does when an alert fires, over {@code /api/automation}. */
@Command(name = "automation", description = "Automation: its rules, the actions it took or proposes, and an"
        + " operator's approval or rejection of a proposal.",
        subcommands = {AutomationCommand.Rules.class, AutomationCommand.Actions.class, AutomationCommand.Action.class,
            AutomationCommand.Approve.class, AutomationCommand.Reject.class})
public final class AutomationCommand extends CommandGroup {
    private static final String ACTIONS = "/api/automation/actions/";

    @Command(name = "rules", description = "Every automation rule: its alert rule, what it applies, mode, cooldown"
            + " and whether it is enabled; 'rules show NAME' one of them.", subcommands = ShowRule.class)
    static final class Rules extends ApiCommand {
        @Override
        public Integer call() {
            session().print(session().api().get("/api/automation/rules"), AutomationViews::rules);
            return 0;
        }
    }

    @Command(name = "show", description = "One automation rule, a line per term.")
    static final class ShowRule extends ApiCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            Session session = session();
            List<JsonNode> rules = Fields.list(session.tree(session.api().get("/api/automation/rules")));
            JsonNode rule = rules.stream().filter(r -> r.path("name").asText().equals(name)).findFirst()
                    .orElseThrow(() -> new CliException(ExitCodes.REFUSED, "no automation rule '" + name + "'"
                            + Suggestions.didYouMean(name, AlertRulesCommand.names(rules))
                            + " (tcpfleet automation rules lists them)"));
            session.print(rule.toString(), AutomationViews::rule);
            return 0;
        }
    }

    @Command(name = "actions", description = "What automation did or proposes for each firing alert, newest first.")
    static final class Actions extends ApiCommand {
        @Option(names = "--state", paramLabel = "STATE",
                description = "only those in one state: proposed, approved, started, kept, rolled_back, ...")
        String state;

        @Option(names = "--limit", paramLabel = "N", description = "how many, newest first (the API bounds it)")
        Integer limit;

        @Override
        public Map<String, String> flagsByField() {
            return Map.of("state", "--state", "limit", "--limit");
        }

        @Override
        public Integer call() {
            Session session = session();
            String query = ApiClient.query(ApiClient.params("state", state == null ? null
                    : state.toLowerCase(Locale.ROOT), "limit", limit == null ? null : limit.toString()));
            String actions = session.api().get("/api/automation/actions" + query);
            session.print(actions, list -> AutomationViews.actions(list, session.json() ? Map.of()
                    : hostnames(session)));
            return 0;
        }
    }

    @Command(name = "action", description = "One action: its alert, plan, state, reason and the verdict on it.")
    static final class Action extends ApiCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            Session session = session();
            String action = session.api().get(ACTIONS + ApiClient.segment(id));
            session.print(action, view -> AutomationViews.action(view, hostnames(session)));
            return 0;
        }
    }

    /** An operator's answer to a proposal; one no longer proposed is refused before anything is sent. */
    abstract static class Answer extends ApiCommand {
        @Parameters(paramLabel = "ID")
        String id;

        abstract String verb();

        /** What the person reads after it was answered. */
        abstract String answered(JsonNode action);

        @Override
        public Integer call() {
            Session session = session();
            JsonNode action = session.tree(session.api().get(ACTIONS + ApiClient.segment(id)));
            String state = action.path("state").asText();
            if (!state.equals("PROPOSED")) {
                throw new CliException(ExitCodes.REFUSED, "action " + id + " is already "
                        + state.toLowerCase(Locale.ROOT).replace('_', ' ') + ": only a proposed action is approved"
                        + " or rejected (tcpfleet automation action " + id + " shows it)");
            }
            session.print(session.api().post(ACTIONS + ApiClient.segment(id) + "/" + verb(), "{}"), this::answered);
            return 0;
        }
    }

    @Command(name = "approve", description = "Approve a proposed action: it starts on automation's next tick, if"
            + " its alert still fires and the guardrails still allow it.")
    static final class Approve extends Answer {
        @Override
        String verb() {
            return "approve";
        }

        @Override
        String answered(JsonNode action) {
            return "action " + Fields.text(action, "id") + " approved: it starts on the next tick (tcpfleet"
                    + " automation action " + Fields.text(action, "id") + " follows it)\n";
        }
    }

    @Command(name = "reject", description = "Reject a proposed action: nothing is done.")
    static final class Reject extends Answer {
        @Override
        String verb() {
            return "reject";
        }

        @Override
        String answered(JsonNode action) {
            return "action " + Fields.text(action, "id") + " rejected: nothing is done\n";
        }
    }

    /** Hostnames by host id, from one look-up of the hosts, to name an alert's subject as people know it. */
    private static Map<String, String> hostnames(Session session) {
        Map<String, String> names = new HashMap<>();
        HostNames.hosts(session).forEach(host -> names.put(host.path("id").asText(), host.path("hostname").asText()));
        return names;
    }
}
