package dev.tcpfleet.cli.commands;

import dev.tcpfleet.cli.ApiCommand;
import dev.tcpfleet.cli.CliException;
import dev.tcpfleet.cli.Suggestions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "silence", description = "Keep matching alerts off the webhook for a while (they are still"
        + " judged and listed).")
public final class SilenceCommand extends ApiCommand {
    /** The API's bound, 10,080 minutes, in the flag's terms. */
    private static final Duration LONGEST = Duration.ofDays(7);

    @Option(names = "--rule", paramLabel = "RULE", description = "default: every rule")
    String rule;

    @Option(names = "--host", paramLabel = "HOST", description = "its id or unique hostname; default: every host,"
            + " and fleet and campaign alerts")
    String host;

    @Option(names = "--for", required = true, paramLabel = "DURATION", description = "e.g. 30m, 4h; 1m to 7d")
    Duration duration;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why, for the others on call")
    String reason;

    @Override
    public Map<String, String> flagsByField() {
        return Map.of("rule", "--rule", "hostId", "--host", "minutes", "--for", "reason", "--reason");
    }

    @Override
    public Integer call() {
        if (duration.compareTo(Duration.ofMinutes(1)) < 0 || duration.compareTo(LONGEST) > 0) {
            List<String> typed = spec.findOption("--for").originalStringValues();
            throw usage("--for is 1m to 7d (a silence always ends), not " + typed.get(typed.size() - 1));
        }
        long seconds = duration.toSeconds();
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("rule", rule);
        request.put("hostId", host == null ? null : HostNames.resolve(session(), host));
        request.put("minutes", (seconds + 59) / 60);
        request.put("reason", reason);
        session().print(post(request), silence ->
                "silence " + Fields.text(silence, "id") + ": rule " + Fields.text(silence, "rule", "(any)")
                        + ", host " + Fields.text(silence, "hostId", "(any)") + ", until "
                        + Fields.text(silence, "endsAt") + "\n");
        return 0;
    }

    /** The silence, or the API's refusal; a misspelt rule gets the nearest rule's name. */
    private String post(Map<String, Object> request) {
        try {
            return session().api().post("/api/alerts/silences", request);
        } catch (CliException refused) {
            if (!"rule".equals(refused.field())) {
                throw refused;
            }
            List<String> names = new ArrayList<>();
            session().tree(session().api().get("/api/alerts/rules")).forEach(r -> names.add(r.path("name").asText()));
            String guess = Suggestions.didYouMean(rule, names);
            throw guess.isEmpty() ? refused : new CliException(refused.exitCode(), "no rule '" + rule + "'" + guess,
                    "rule");
        }
    }
}
