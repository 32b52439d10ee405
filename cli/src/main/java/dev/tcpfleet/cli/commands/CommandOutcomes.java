package dev.tcpfleet.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpfleet.cli.render.Table;
import java.util.Set;

/** A command's hosts (GET /api/commands/{id}): whether all have answered, whether any failed, and as a table. */
final class CommandOutcomes {
    static final Set<String> WAITING = Set.of("PENDING", "SENT");
    /** A host that never got or never answered the command is as failed as one that refused it. */
    private static final Set<String> UNDELIVERED = Set.of("NOT_SENT", "EXPIRED");
    private static final Set<String> BAD_OUTCOMES = Set.of("FAILED", "REJECTED", "ROLLED_BACK");

    private CommandOutcomes() {
    }

    static boolean answered(JsonNode command) {
        for (JsonNode host : command.path("hosts")) {
            if (WAITING.contains(host.path("status").asText())) {
                return false;
            }
        }
        return true;
    }

    static boolean anyFailed(JsonNode command) {
        for (JsonNode host : command.path("hosts")) {
            if (UNDELIVERED.contains(host.path("status").asText())
                    || BAD_OUTCOMES.contains(host.path("outcome").asText())) {
                return true;
            }
        }
        return false;
    }

    static int answeredCount(JsonNode command) {
        int count = 0;
        for (JsonNode host : command.path("hosts")) {
            count += WAITING.contains(host.path("status").asText()) ? 0 : 1;
        }
        return count;
    }

    /** One row per host: where its command stands and, once answered, its outcome and why. */
    static String table(JsonNode command) {
        Table table = new Table("HOST", "STATUS", "OUTCOME", "CHANGED", "REASONS");
        for (JsonNode host : command.path("hosts")) {
            long changed = Fields.list(host.path("changes")).stream()
                    .filter(change -> !change.path("before").asText().equals(change.path("desired").asText()))
                    .count();
            table.row(Fields.text(host, "hostId"), Fields.text(host, "status"), Fields.text(host, "outcome"),
                    host.path("changes").isArray() ? (Object) changed : "-",
                    String.join("; ", Fields.list(host.path("reasons")).stream().map(JsonNode::asText).toList()));
        }
        return "command " + Fields.text(command, "id") + " (" + Fields.text(command, "action")
                + (command.path("dryRun").asBoolean() ? ", dry run" : "") + ")\n" + table.render();
    }
}
