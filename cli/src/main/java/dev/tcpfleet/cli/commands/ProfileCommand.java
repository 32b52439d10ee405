package dev.tcpfleet.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpfleet.cli.ApiClient;
import dev.tcpfleet.cli.ApiCommand;
import dev.tcpfleet.cli.CliException;
import dev.tcpfleet.cli.CommandGroup;
import dev.tcpfleet.cli.ExitCodes;
import dev.tcpfleet.cli.Session;
import dev.tcpfleet.cli.render.LiveLines;
import dev.tcpfleet.cli.render.ProgressBar;
import dev.tcpfleet.cli.render.Table;
import dev.tcpfleet.domain.text.Suggestions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "profile", description = "Show a profile, apply it to hosts, or see what it would change on one.",
        subcommands = {ProfileCommand.Show.class, ProfileCommand.Apply.class, ProfileCommand.Diff.class,
            ProfilePutCommand.class, ProfileVersionsCommand.class})
public final class ProfileCommand extends CommandGroup {

    @Command(name = "show", description = "A profile's settings, at its newest version or --version.")
    static final class Show extends ApiCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--version", paramLabel = "N")
        Integer version;

        @Override
        public Integer call() {
            requireKnown(session(), name, version);
            String path = "/api/profiles/" + ApiClient.segment(name) + (version == null ? "" : "/versions/" + version);
            session().print(session().api().get(path), profile -> {
                Table table = new Table("SYSCTL", "VALUE");
                profile.path("settings").fields().forEachRemaining(key ->
                        table.row(key.getKey(), key.getValue().asText()));
                return Fields.text(profile, "name") + " version " + Fields.text(profile, "version") + ": "
                        + Fields.text(profile, "description") + "\n" + table.render();
            });
            return 0;
        }
    }

    @Command(name = "apply", description = "Send the profile to hosts as a signed apply (POST /api/commands).")
    static final class Apply extends ApiCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Mixin
        Targets targets;

        @Option(names = "--version", paramLabel = "N", description = "default: the newest")
        Integer version;

        @Option(names = "--dry-run", description = "hosts report what would change and change nothing")
        boolean dryRun;

        @Option(names = "--confirm-within", paramLabel = "DURATION",
                description = "each host reverts by itself unless confirmed within this, e.g. 5m")
        Duration confirmWithin;

        @Option(names = "--wait", description = "wait for every host's answer; exit 4 if any failed")
        boolean await;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m",
                description = "give up waiting after this (default ${DEFAULT-VALUE}): exit 5")
        Duration timeout;

        @Override
        public Map<String, String> flagsByField() {
            return Targets.flagsAnd(Map.of("profile", "NAME", "version", "--version", "confirmWithinSeconds",
                    "--confirm-within"));
        }

        @Override
        public Integer call() {
            requireKnown(session(), name, version);
            Map<String, Object> request = applyRequest(name, version, dryRun);
            request.put("selector", targets.selector(session()));
            if (confirmWithin != null) {
                request.put("confirmWithinSeconds", confirmWithin.toSeconds());
            }
            Session session = session();
            String sent = session.api().post("/api/commands", request);
            if (!await) {
                session.print(sent, this::human);
                return 0;
            }
            return waitForAnswers(session, session.tree(sent).path("id").asText(), timeout, this::human);
        }

        /**
         * A dry run's diff; else the hosts' answers and, with a confirm window, the deadline and the command that
         * keeps the apply.
         */
        private String human(JsonNode command) {
            if (dryRun) {
                return DryRunDiff.ofCommand(command);
            }
            return CommandOutcomes.table(command)
                    + (confirmWithin == null ? "" : CommandViews.confirmHint(command, Instant.now()));
        }
    }

    @Command(name = "diff", description = "What the profile would change on a host: a dry run, waiting for its"
            + " answer.")
    static final class Diff extends ApiCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--host", required = true, paramLabel = "HOST",
                description = "the host's id, or its hostname when no other host has it")
        String host;

        @Option(names = "--version", paramLabel = "N", description = "default: the newest")
        Integer version;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2m",
                description = "give up waiting after this (default ${DEFAULT-VALUE}): exit 5")
        Duration timeout;

        @Override
        public Map<String, String> flagsByField() {
            return Map.of("profile", "NAME", "version", "--version", "hosts", "--host", "selector", "--host");
        }

        @Override
        public Integer call() {
            requireKnown(session(), name, version);
            Map<String, Object> request = applyRequest(name, version, true);
            Session session = session();
            request.put("hosts", List.of(HostNames.resolve(session, host)));
            String id = session.tree(session.api().post("/api/commands", request)).path("id").asText();
            return waitForAnswers(session, id, timeout, DryRunDiff::ofCommand);
        }
    }

    /**
     * Refuses a profile name no profile has, with the nearest one if it looks misspelt: a 404 from the API would
     * not say which names exist. A named version is left to the API: a deleted profile's versions are still served,
     * and the listing leaves deleted profiles out.
     */
    static void requireKnown(Session session, String name, Integer version) {
        if (version != null) {
            return;
        }
        List<String> names = new ArrayList<>();
        session.tree(session.api().get("/api/profiles")).forEach(profile -> names.add(profile.path("name").asText()));
        if (!names.contains(name)) {
            throw new CliException(ExitCodes.REFUSED, "no profile '" + name + "'" + Suggestions.didYouMean(name, names)
                    + (Suggestions.closest(name, names).isEmpty() ? " (tcpfleet profiles lists them)" : ""));
        }
    }

    private static Map<String, Object> applyRequest(String name, Integer version, boolean dryRun) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("action", "apply");
        request.put("profile", name);
        request.put("version", version);
        request.put("dryRun", dryRun);
        return request;
    }

    /** Shows the hosts answering, then {@code human}'s view of the command; exit 4 if a host failed it. */
    static int waitForAnswers(Session session, String id, Duration timeout,
            Function<JsonNode, String> human) {
        LiveLines live = session.live();
        String command = session.await(() -> session.api().get("/api/commands/" + ApiClient.segment(id)),
                CommandOutcomes::answered, timeout,
                progress -> live.show(List.of("answers " + ProgressBar.of(CommandOutcomes.answeredCount(progress),
                        progress.path("hosts").size(), 30))),
                "command " + id);
        session.print(command, human);
        return CommandOutcomes.anyFailed(session.tree(command)) ? ExitCodes.FAILED : ExitCodes.OK;
    }
}
