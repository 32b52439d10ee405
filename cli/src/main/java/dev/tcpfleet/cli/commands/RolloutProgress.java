package dev.tcpfleet.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpfleet.cli.render.ProgressBar;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A rollout (GET /api/rollouts/{id}) as status lines: its state, then one progress bar per wave. */
final class RolloutProgress {
    static final Set<String> HOST_WAITING = Set.of("pending", "sent");
    private static final Set<String> FAILED_STATES = Set.of("ROLLED_BACK", "HALTED");

    private RolloutProgress() {
    }

    static List<String> lines(JsonNode rollout) {
        List<String> lines = new ArrayList<>();
        String reason = rollout.path("reason").asText("");
        lines.add("rollout " + Fields.text(rollout, "id") + "  " + Fields.text(rollout, "profile") + " v"
                + Fields.text(rollout, "version") + "  " + Fields.text(rollout, "state") + "  applied "
                + rollout.path("percentApplied").asInt() + "%" + (reason.isEmpty() ? "" : "  (" + reason + ")"));
        for (JsonNode wave : rollout.path("waves")) {
            int hosts = wave.path("hosts").size();
            int answered = 0;
            for (JsonNode host : wave.path("hosts")) {
                answered += HOST_WAITING.contains(host.path("state").asText()) ? 0 : 1;
            }
            String gate = wave.path("gate").asText("");
            lines.add("  wave " + wave.path("wave").asInt() + "  " + ProgressBar.of(answered, hosts, 20) + "  "
                    + Fields.text(wave, "phase") + (gate.isEmpty() ? "" : "  gate " + gate));
        }
        return lines;
    }

    /** Nothing more will happen without an operator: it completed, rolled back, halted, or (dry run) all answered. */
    static boolean ended(JsonNode rollout) {
        String state = rollout.path("state").asText();
        if (state.equals("DRY_RUN")) {
            for (JsonNode wave : rollout.path("waves")) {
                for (JsonNode host : wave.path("hosts")) {
                    if (HOST_WAITING.contains(host.path("state").asText())) {
                        return false;
                    }
                }
            }
            return true;
        }
        return state.equals("COMPLETED") || FAILED_STATES.contains(state);
    }

    static boolean succeeded(JsonNode rollout) {
        return !FAILED_STATES.contains(rollout.path("state").asText());
    }
}
