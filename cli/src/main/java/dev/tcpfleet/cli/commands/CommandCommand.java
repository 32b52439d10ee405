package dev.tcpfleet.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpfleet.cli.ApiClient;
import dev.tcpfleet.cli.ApiCommand;
import dev.tcpfleet.cli.CommandGroup;
import dev.tcpfleet.cli.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "command", description = "Signed commands sent to hosts: list, follow, confirm or roll back an apply.",
        subcommands = {CommandCommand.ListCommands.class, CommandCommand.Status.class, CommandCommand.Confirm.class,
            CommandCommand.Rollback.class})
public final class CommandCommand extends CommandGroup {

    static String path(String id) {
        return "/api/commands/" + ApiClient.segment(id);
    }

    @Command(name = "list", description = "Commands, newest first: action, profile, hosts and their outcomes.")
    static final class ListCommands extends NewestList {
        @Override
        String path() {
            return "/api/commands";
        }

        @Override
        String table(JsonNode items) {
            return CommandViews.list(items);
        }
    }

    @Command(name = "status", description = "Each host's status and outcome, the keys changed, and the confirm"
            + " deadline.")
    static final class Status extends ApiCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            session().print(session().api().get(path(id)), command -> CommandViews.status(command, Instant.now()));
            return 0;
        }
    }

    /**
     * A confirm or rollback of one apply, sent to exactly the hosts that apply went to; the API refuses one that
     * names anything but an apply.
     */
    abstract static class FollowUp extends ApiCommand {
        @Parameters(paramLabel = "ID", description = "the apply's command id")
        String id;

        @Option(names = "--wait", description = "wait for every host's answer; exit 4 if any failed")
        boolean await;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m",
                description = "give up waiting after this (default ${DEFAULT-VALUE}): exit 5")
        Duration timeout;

        abstract String action();

        /** The request field naming the apply. */
        abstract String ofField();

        @Override
        public Map<String, String> flagsByField() {
            return Map.of(ofField(), "ID", "hosts", "ID", "selector", "ID");
        }

        @Override
        public Integer call() {
            Session session = session();
            JsonNode apply = session.tree(session.api().get(path(id)));
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("action", action());
            request.put(ofField(), id);
            // exactly the apply's hosts, stale ones too: a host silent since the apply must still be followed up
            request.put("selector", Map.of("hosts", Fields.list(apply.path("hosts")).stream()
                    .map(host -> host.path("hostId").asText()).toList(), "includeStale", true));
            String sent = session.api().post("/api/commands", request);
            if (!await) {
                session.print(sent, command -> CommandViews.status(command, Instant.now()));
                return 0;
            }
            return ProfileCommand.waitForAnswers(session, session.tree(sent).path("id").asText(), timeout,
                    command -> CommandViews.status(command, Instant.now()));
        }
    }

    @Command(name = "confirm", description = "Keep an apply sent with --confirm-within on its hosts before they"
            + " revert it.")
    static final class Confirm extends FollowUp {
        @Override
        String action() {
            return "confirm";
        }

        @Override
        String ofField() {
            return "confirmOf";
        }
    }

    @Command(name = "rollback", description = "Undo an apply on the hosts it went to.")
    static final class Rollback extends FollowUp {
        @Override
        String action() {
            return "rollback";
        }

        @Override
        String ofField() {
            return "rollbackOf";
        }
    }
}
