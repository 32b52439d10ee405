package dev.tcpfleet.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpfleet.cli.render.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * A dry run's answers as a person reads them: the keys each host would change, current -> wanted; then the hosts
 * where nothing would change on one line, not a row each (fleets are thousands of hosts); then the hosts that failed
 * or never answered, with why. One layout for a dry-run apply (GET /api/commands/{id}) and a dry-run rollout (its
 * one wave, GET /api/rollouts/{id}), which carry the same per-host {@code changes}.
 */
final class DryRunDiff {
    /**
     * One host's part, whichever view it came from.
     *
     * @param failure why it has no diff to show (its outcome, or its status when it has none); null once it
     *                answered with one
     * @param reasons the agent's reasons, or why the control plane did not send it
     */
    private record Answer(String hostId, boolean waiting, String failure, List<String> reasons, JsonNode changes) {
    }

    private DryRunDiff() {
    }

    /** A dry-run apply's diff, under a line naming the command and what it would apply. */
    static String ofCommand(JsonNode command) {
        return "command " + Fields.text(command, "id") + ": dry run of " + Fields.text(command, "profile") + "@"
                + Fields.text(command, "version") + " on " + command.path("hosts").size() + " "
                + hosts(command.path("hosts").size()) + "\n" + render(commandAnswers(command));
    }

    /** A dry-run rollout's diff; its progress lines say which rollout it is. */
    static String ofRollout(JsonNode rollout) {
        return render(rolloutAnswers(rollout));
    }

    /** Whether a host of the dry-run rollout failed it or never answered: what an apply's {@code --wait} exits 4 on. */
    static boolean anyFailed(JsonNode rollout) {
        return rolloutAnswers(rollout).stream().anyMatch(answer -> !answer.waiting() && answer.failure() != null);
    }

    private static List<Answer> commandAnswers(JsonNode command) {
        List<Answer> answers = new ArrayList<>();
        for (JsonNode host : command.path("hosts")) {
            String status = host.path("status").asText();
            String outcome = host.path("outcome").asText("");
            answers.add(new Answer(Fields.text(host, "hostId"), CommandOutcomes.WAITING.contains(status),
                    outcome.equals("PLANNED") ? null : outcome.isEmpty() ? status : outcome, reasons(host),
                    host.path("changes")));
        }
        return answers;
    }

    private static List<Answer> rolloutAnswers(JsonNode rollout) {
        List<Answer> answers = new ArrayList<>();
        for (JsonNode wave : rollout.path("waves")) {
            for (JsonNode host : wave.path("hosts")) {
                String state = host.path("state").asText();
                String outcome = host.path("outcome").asText("");
                // a host the rollout gave up waiting for is "failed" with no outcome of its own
                answers.add(new Answer(Fields.text(host, "hostId"), RolloutProgress.HOST_WAITING.contains(state),
                        state.equals("planned") ? null : outcome.isEmpty() ? "NO ANSWER" : outcome, reasons(host),
                        host.path("changes")));
            }
        }
        return answers;
    }

    private static String render(List<Answer> answers) {
        Table changes = new Table("HOST", "SYSCTL", "CURRENT", "", "WANTED");
        Table failed = new Table("HOST", "OUTCOME", "REASONS");
        List<String> unchanged = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        int failures = 0;
        int changing = 0;
        int alreadyWanted = 0;
        for (Answer answer : answers) {
            if (answer.waiting()) {
                waiting.add(answer.hostId());
                continue;
            }
            if (answer.failure() != null) {
                failed.row(answer.hostId(), answer.failure(), String.join("; ", answer.reasons()));
                failures++;
                continue;
            }
            int same = 0;
            boolean any = false;
            for (JsonNode change : answer.changes()) {
                if (changes(change)) {
                    changes.row(answer.hostId(), Fields.text(change, "key"), Fields.text(change, "before"), "->",
                            Fields.text(change, "desired"));
                    any = true;
                } else {
                    same++;
                }
            }
            if (any) {
                changing++;
                alreadyWanted += same;
            } else {
                unchanged.add(answer.hostId());
            }
        }
        StringBuilder text = new StringBuilder();
        if (!changes.isEmpty()) {
            text.append(changes.render());
            if (alreadyWanted > 0) {
                text.append(alreadyWanted).append(" more already as wanted").append(changing > 1 ? " on those hosts" : "")
                        .append('\n');
            }
        }
        if (!unchanged.isEmpty()) {
            text.append(hostLine("no change on ", unchanged));
        }
        if (!failed.isEmpty()) {
            text.append("failed or no answer on ").append(failures).append(' ').append(hosts(failures)).append(":\n")
                    .append(failed.render());
        }
        if (!waiting.isEmpty()) {
            text.append(hostLine("no answer yet from ", waiting));
        }
        return text.length() == 0 ? "no hosts\n" : text.toString();
    }

    /** A key the host would set to another value, as the agent's {@code KeyChange.changes()} reckons it. */
    private static boolean changes(JsonNode change) {
        return !change.path("before").isTextual()
                || !change.path("before").asText().equals(change.path("desired").asText());
    }

    private static List<String> reasons(JsonNode host) {
        return Fields.list(host.path("reasons")).stream().map(JsonNode::asText).toList();
    }

    private static String hostLine(String lead, List<String> hostIds) {
        return lead + hostIds.size() + " " + hosts(hostIds.size()) + ": " + String.join(", ", hostIds) + "\n";
    }

    private static String hosts(int count) {
        return count == 1 ? "host" : "hosts";
    }
}
