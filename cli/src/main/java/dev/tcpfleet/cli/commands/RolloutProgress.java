package dev.tcpfleet.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpfleet.cli.render.Countdown;
import dev.tcpfleet.cli.render.ProgressBar;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A rollout (GET /api/rollouts/{id}) as status lines: its state, then one progress bar per wave. */
final class RolloutProgress {
    static final Set<String> HOST_WAITING = Set.of("pending", "sent");
    private static final Set<String> FAILED_STATES = Set.of("ROLLED_BACK", "HALTED");
    /** A wave whose bar counts its rollback's answers rather than its apply's. */
    private static final Set<String> ROLLBACK_PHASES = Set.of("ROLLING_BACK", "ROLLED_BACK");

    private RolloutProgress() {
    }

    /**
     * @param now the time a baking wave counts down from; null in a log, where a wave's line says when its bake ends
     *            instead, so that it changes once rather than every second
     */
    static List<String> lines(JsonNode rollout, Instant now) {
        List<String> lines = new ArrayList<>();
        String reason = rollout.path("reason").asText("");
        String state = Fields.text(rollout, "state");
        // a dry run applies nothing: what it has is answers
        String progress = state.equals("DRY_RUN")
                ? "answered " + rollout.path("hostsAnswered").asInt() + "/" + rollout.path("hostsTotal").asInt()
                : "applied " + rollout.path("percentApplied").asInt() + "%";
        lines.add("rollout " + Fields.text(rollout, "id") + "  " + Fields.text(rollout, "profile") + " v"
                + Fields.text(rollout, "version") + "  " + state + "  " + progress
                + (reason.isEmpty() ? "" : "  (" + reason + ")"));
        if (rollout.has("startedBy")) { // an API from before attribution has no such field
            lines.add("  started by " + actor(rollout, "startedBy") + (rollout.path("rolledBackBy").isTextual()
                    ? ", rolled back by " + actor(rollout, "rolledBackBy") : ""));
        }
        for (JsonNode wave : rollout.path("waves")) {
            String phase = Fields.text(wave, "phase");
            String gate = wave.path("gate").asText("");
            lines.add("  wave " + number(wave) + "  " + bar(wave, ROLLBACK_PHASES.contains(phase)) + "  " + phase
                    + bake(wave, phase, now) + (gate.isEmpty() ? "" : "  gate " + gate));
            // the canary judge's verdict on each metric check: the summary names the test, samples and effect
            for (JsonNode verdict : wave.path("verdicts")) {
                lines.add("    " + Fields.text(verdict, "result") + (verdict.path("weaker").asBoolean()
                        ? " (weaker)" : "") + "  " + Fields.text(verdict, "summary"));
            }
        }
        return lines;
    }

    /** Who started or rolled back a rollout; "unknown" for one from before the control plane recorded it. */
    static String actor(JsonNode rollout, String field) {
        return Fields.text(rollout, field, "unknown");
    }

    /** A wave's number as people read it, from 1; from its index for an API that predates {@code number}. */
    static int number(JsonNode wave) {
        return wave.has("number") ? wave.path("number").asInt() : wave.path("wave").asInt() + 1;
    }

    /**
     * How many hosts answered (have an outcome, as the API's {@code hostsAnswered} counts them; a host given up on is
     * not one): the apply, or for a wave being rolled back, its rollback.
     */
    private static String bar(JsonNode wave, boolean rollback) {
        int hosts = 0;
        int answered = 0;
        for (JsonNode host : wave.path("hosts")) {
            if (rollback) {
                hosts += host.path("rollbackStatus").isTextual() ? 1 : 0;
                answered += host.path("rollbackOutcome").isTextual() ? 1 : 0;
            } else {
                hosts++;
                answered += host.path("outcome").isTextual() ? 1 : 0;
            }
        }
        return ProgressBar.of(answered, hosts, 20);
    }

    /**
     * {@code , 3m12s left} while a wave bakes (once the bake is over the gate is being judged); without a clock,
     * {@code , bakes until 2026-12-07T18:52:31Z}.
     */
    private static String bake(JsonNode wave, String phase, Instant now) {
        if (!phase.equals("BAKING") || !wave.path("bakeUntil").isTextual()) {
            return "";
        }
        Instant until = Instant.parse(wave.path("bakeUntil").asText());
        if (now == null) {
            return ", bakes until " + until.truncatedTo(ChronoUnit.SECONDS);
        }
        String left = Countdown.left(until, now);
        return left.equals("over") ? ", bake over, gate being judged" : ", " + left;
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

    /** A rollback asked for succeeded: the rollout is rolled back and every host its rollback went to reverted. */
    static boolean rolledBack(JsonNode rollout) {
        if (!rollout.path("state").asText().equals("ROLLED_BACK")) {
            return false;
        }
        for (JsonNode wave : rollout.path("waves")) {
            for (JsonNode host : wave.path("hosts")) {
                if (host.path("rollbackStatus").isTextual()
                        && !host.path("rollbackOutcome").asText().equals("REVERTED")) {
                    return false;
                }
            }
        }
        return true;
    }
}
