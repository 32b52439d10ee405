package dev.tcpfleet.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpfleet.cli.ApiCommand;
import dev.tcpfleet.cli.CliException;
import dev.tcpfleet.cli.ExitCodes;
import dev.tcpfleet.cli.render.Table;
import dev.tcpfleet.domain.text.Suggestions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Creates a silence from its own options, as it always has; {@code list} and {@code end} are subcommands beside
 * them, which picocli allows. The options cannot be {@code required}: picocli would then demand them before a
 * subcommand too, so {@link #call} checks them.
 */
@Command(name = "silence", description = "Keep matching alerts off the webhook for a while (they are still"
        + " judged and listed); 'silence list' and 'silence end ID' show and end them.",
        subcommands = {SilenceCommand.ListSilences.class, SilenceCommand.End.class})
public final class SilenceCommand extends ApiCommand {
    /** The API's bound, 10,080 minutes, in the flag's terms. */
    private static final Duration LONGEST = Duration.ofDays(7);
    private static final String FORCE_HINT = "; --force keeps the silence for when it exists";

    @Option(names = "--rule", paramLabel = "RULE", description = "default: every rule")
    String rule;

    @Option(names = "--host", paramLabel = "HOST", description = "its id or unique hostname; default: every host,"
            + " and fleet and campaign alerts")
    String host;

    @Option(names = "--for", paramLabel = "DURATION", description = "required to create one; e.g. 30m, 4h; 1m to 7d")
    Duration duration;

    @Option(names = "--reason", paramLabel = "TEXT", description = "required to create one; why, for the others on call")
    String reason;

    @Option(names = "--force", description = "keep it though no rule or host has that name yet (one about to be"
            + " put or to enrol); a warning says so")
    boolean force;

    @Override
    public Map<String, String> flagsByField() {
        return Map.of("rule", "--rule", "hostId", "--host", "minutes", "--for", "reason", "--reason", "force",
                "--force");
    }

    @Override
    public Integer call() {
        if (duration == null || reason == null) {
            throw usage("Missing required option" + (duration == null && reason == null
                    ? "s: '--for=DURATION', '--reason=TEXT'" : duration == null ? ": '--for=DURATION'"
                    : ": '--reason=TEXT'"));
        }
        if (duration.compareTo(Duration.ofMinutes(1)) < 0 || duration.compareTo(LONGEST) > 0) {
            List<String> typed = spec.findOption("--for").originalStringValues();
            throw usage("--for is 1m to 7d (a silence always ends), not " + typed.get(typed.size() - 1));
        }
        long seconds = duration.toSeconds();
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("rule", rule);
        request.put("hostId", host == null ? null : hostId());
        request.put("minutes", (seconds + 59) / 60);
        request.put("reason", reason);
        request.put("force", force);
        String created = post(request);
        session().tree(created).path("warnings").forEach(warning ->
                session().err().println("tcpfleet: warning: " + warning.asText()));
        session().print(created, silence ->
                "silence " + Fields.text(silence, "id") + ": rule " + Fields.text(silence, "rule", "(any)")
                        + ", host " + Fields.text(silence, "hostId", "(any)") + ", until "
                        + Fields.text(silence, "endsAt") + "\n");
        return 0;
    }

    /**
     * The id of the host {@code --host} names, a UUID too, so that a typo gets the nearest name; with
     * {@code --force}, a name no host has yet is sent as typed, for the API to keep with a warning. A name several
     * hosts share is refused even then: it is not a host to come.
     */
    private String hostId() {
        List<JsonNode> hosts = HostNames.hosts(session());
        try {
            return HostNames.match(host, hosts);
        } catch (CliException unknown) {
            if (unknown.exitCode() != ExitCodes.REFUSED) {
                throw unknown;
            }
            if (force) {
                return host;
            }
            throw new CliException(unknown.exitCode(), unknown.getMessage() + FORCE_HINT, "hostId");
        }
    }

    /** The silence, or the API's refusal; a misspelt rule gets the nearest rule's name. */
    private String post(Map<String, Object> request) {
        try {
            return session().api().post("/api/alerts/silences", request);
        } catch (CliException refused) {
            // the API names the field "rule" only for a rule it does not know
            if (!"rule".equals(refused.field())) {
                throw refused;
            }
            String guess = Suggestions.didYouMean(rule, AlertRulesCommand.names(
                    Fields.list(session().tree(session().api().get("/api/alerts/rules")))));
            throw new CliException(refused.exitCode(), "no rule '" + rule + "'"
                    + (guess.isEmpty() ? " (tcpfleet alerts rules list shows them)" + FORCE_HINT : guess), "rule");
        }
    }

    @Command(name = "list", description = "The silences still in force.")
    static final class ListSilences extends ApiCommand {
        @Override
        public Integer call() {
            session().print(session().api().get("/api/alerts/silences"), SilenceCommand::list);
            return 0;
        }
    }

    @Command(name = "end", description = "End a silence now: its alerts reach the webhook again.")
    static final class End extends ApiCommand {
        @Parameters(paramLabel = "ID", description = "as 'silence list' shows it")
        long id;

        @Override
        public Integer call() {
            session().api().delete("/api/alerts/silences/" + id);
            session().out().print("silence " + id + " ended\n");
            return 0;
        }
    }

    /** GET /api/alerts/silences as a table; no rule or host means every one. */
    static String list(JsonNode silences) {
        Table table = new Table("ID", "RULE", "HOST", "ENDS", "REASON");
        for (JsonNode silence : silences) {
            table.row(silence.path("id").asLong(), Fields.text(silence, "rule", "(any)"),
                    Fields.text(silence, "hostId", "(any)"), Fields.text(silence, "endsAt"),
                    Fields.text(silence, "reason"));
        }
        return table.render();
    }
}
