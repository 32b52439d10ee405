package dev.tcpfleet.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpfleet.cli.render.Countdown;
import dev.tcpfleet.cli.render.Table;
import java.time.Instant;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/** Commands (GET /api/commands, /api/commands/{id}) as tables: the list, one command's hosts and keys, its deadline. */
final class CommandViews {
    private CommandViews() {
    }

    /** One row per command: what it did, to which profile or command, and how its hosts stand. */
    static String list(JsonNode commands) {
        Table table = new Table("ID", "ACTION", "OF", "CREATED", "HOSTS", "OUTCOMES");
        for (JsonNode command : commands) {
            table.row(Fields.text(command, "id"), action(command), of(command), Fields.ago(command, "createdAt"),
                    command.path("hosts").size(), outcomes(command));
        }
        return table.render();
    }

    /**
     * Each host's status, outcome and confirm deadline, then every key the command changed, before → after; for a
     * dry run, the keys it would change.
     */
    static String status(JsonNode command, Instant now) {
        if (command.path("dryRun").asBoolean()) {
            return DryRunDiff.ofCommand(command);
        }
        Table hosts = new Table("HOST", "STATUS", "OUTCOME", "CONFIRM BY");
        Table keys = new Table("HOST", "SYSCTL", "BEFORE", "", "AFTER");
        for (JsonNode host : command.path("hosts")) {
            hosts.row(Fields.text(host, "hostId"), Fields.text(host, "status"), Fields.text(host, "outcome"),
                    deadline(host.path("confirmBy"), now));
            for (JsonNode change : host.path("changes")) {
                if (changes(change)) {
                    keys.row(Fields.text(host, "hostId"), Fields.text(change, "key"), Fields.text(change, "before"),
                            "→", Fields.text(change, "after"));
                }
            }
        }
        return "command " + Fields.text(command, "id") + ": " + action(command) + " " + of(command)
                + window(command) + "\n" + hosts.render() + "\nKeys changed\n" + keys.render();
    }

    /**
     * For an apply with a confirm window: when its hosts revert it and the command that keeps it. Hosts start the
     * window when they apply, so before they answer the deadline is reckoned from the command's creation.
     */
    static String confirmHint(JsonNode command, Instant now) {
        Instant deadline = null;
        for (JsonNode host : command.path("hosts")) {
            if (host.path("confirmBy").isTextual()) {
                Instant confirmBy = Instant.parse(host.path("confirmBy").asText());
                deadline = deadline == null || confirmBy.isBefore(deadline) ? confirmBy : deadline;
            }
        }
        if (deadline == null) {
            deadline = Instant.parse(command.path("createdAt").asText())
                    .plusSeconds(command.path("confirmWithinSeconds").asLong());
        }
        return "hosts revert this apply unless confirmed by " + deadline + " (" + Countdown.until(deadline, now)
                + "):\n  tcpfleet command confirm " + Fields.text(command, "id") + "\n";
    }

    /** A key the command set to another value, as the agent's {@code KeyChange.changes()} reckons it. */
    private static boolean changes(JsonNode change) {
        return !change.path("before").isTextual()
                || !change.path("before").asText().equals(change.path("desired").asText());
    }

    private static String action(JsonNode command) {
        return Fields.text(command, "action") + (command.path("dryRun").asBoolean() ? " (dry run)" : "");
    }

    /** The profile an apply sends, or the apply a confirm or rollback is about ("each host's last" when none). */
    private static String of(JsonNode command) {
        return switch (command.path("action").asText()) {
            case "apply" -> Fields.text(command, "profile") + "@" + Fields.text(command, "version");
            case "confirm" -> Fields.text(command, "confirmOf");
            case "rollback" -> Fields.text(command, "rollbackOf", "each host's last apply");
            default -> "-";
        };
    }

    private static String window(JsonNode command) {
        return command.path("confirmWithinSeconds").isNumber()
                ? ", confirm within " + command.path("confirmWithinSeconds").asLong() + "s" : "";
    }

    private static String deadline(JsonNode confirmBy, Instant now) {
        if (!confirmBy.isTextual()) {
            return "-";
        }
        return confirmBy.asText() + " (" + Countdown.until(Instant.parse(confirmBy.asText()), now) + ")";
    }

    /** Hosts by their outcome, or by their status while they have none: {@code APPLIED 3, SENT 1}. */
    private static String outcomes(JsonNode command) {
        Map<String, Integer> counts = new TreeMap<>();
        for (JsonNode host : command.path("hosts")) {
            String state = host.path("outcome").isTextual() ? host.path("outcome").asText()
                    : host.path("status").asText();
            counts.merge(state, 1, Integer::sum);
        }
        StringJoiner summary = new StringJoiner(", ");
        counts.forEach((state, count) -> summary.add(state + " " + count));
        return summary.length() == 0 ? "-" : summary.toString();
    }
}
