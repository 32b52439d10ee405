package dev.tcpfleet.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpfleet.cli.ApiClient;
import dev.tcpfleet.cli.ApiCommand;
import dev.tcpfleet.cli.CommandGroup;
import dev.tcpfleet.cli.ExitCodes;
import dev.tcpfleet.cli.Session;
import dev.tcpfleet.cli.render.LiveLines;
import dev.tcpfleet.cli.render.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rollout", description = "Staged rollouts: create, follow, pause, resume, abort, roll back.",
        subcommands = {RolloutCommand.Create.class, RolloutCommand.Status.class, RolloutCommand.ListRollouts.class,
            RolloutCommand.Pause.class, RolloutCommand.Resume.class, RolloutCommand.Abort.class,
            RolloutCommand.Rollback.class})
public final class RolloutCommand extends CommandGroup {

    /**
     * Follows a rollout, each wave's progress on its own line, until it ends; exit 4 if it did not complete. A dry
     * run ends with its diff, and exits 4 if a host failed it or never answered.
     */
    static int watch(Session session, String id, Duration timeout) {
        return watch(session, id, timeout, RolloutProgress::ended, RolloutProgress::succeeded);
    }

    /** Follows a rollout until {@code ended}; exit 4 unless {@code succeeded} then. */
    private static int watch(Session session, String id, Duration timeout, Predicate<JsonNode> ended,
            Predicate<JsonNode> succeeded) {
        LiveLines live = session.live();
        String rollout = session.await(() -> session.api().get(path(id)), ended,
                timeout, view -> live.show(RolloutProgress.lines(view, session.terminal() ? Instant.now() : null)),
                "rollout " + id);
        JsonNode view = session.tree(rollout);
        boolean dryRun = isDryRun(view);
        if (session.json()) {
            session.out().println(rollout);
        } else if (dryRun) {
            session.out().print(DryRunDiff.ofRollout(view));
        }
        return succeeded.test(view) && !(dryRun && DryRunDiff.anyFailed(view)) ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** Where a rollout stands; a dry run's diff below it. */
    static String human(JsonNode view) {
        return String.join("\n", RolloutProgress.lines(view, Instant.now())) + "\n"
                + (isDryRun(view) ? DryRunDiff.ofRollout(view) : "");
    }

    private static boolean isDryRun(JsonNode view) {
        return view.path("state").asText().equals("DRY_RUN");
    }

    static String path(String id) {
        return "/api/rollouts/" + ApiClient.segment(id);
    }

    @Command(name = "create", description = "Start a staged rollout of a profile: canary, then waves behind"
            + " health gates.")
    static final class Create extends ApiCommand {
        @Parameters(paramLabel = "PROFILE")
        String profile;

        @Mixin
        Targets targets;

        @Option(names = "--version", paramLabel = "N", description = "default: the newest, pinned now")
        Integer version;

        @Option(names = "--canary", paramLabel = "N", description = "hosts in the first wave (default 1)")
        Integer canary;

        @Option(names = "--percentages", split = ",", paramLabel = "P",
                description = "cumulative share of hosts after each later wave (default 10,50,100)")
        List<Integer> percentages;

        @Option(names = "--bake", paramLabel = "DURATION", description = "each wave's bake time (default 5m)")
        Duration bake;

        @Option(names = "--check", paramLabel = "METRIC[:TOLERANCE%[:ABSOLUTE]]",
                description = "a figure the gate keeps from getting worse: time_wait, listen_overflows_per_s,"
                        + " retransmits_per_s")
        List<String> checks = new ArrayList<>();

        @Option(names = "--on-missing-data", paramLabel = "fail|wait")
        String onMissingData;

        @Option(names = "--no-auto-rollback", description = "a failed gate halts instead of rolling back")
        boolean noAutoRollback;

        @Option(names = "--dry-run", description = "every host reports its diff; nothing changes")
        boolean dryRun;

        @Option(names = "--wait", description = "follow it to its end, as `rollout status --watch`")
        boolean await;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2h",
                description = "give up waiting after this (default ${DEFAULT-VALUE}): exit 5")
        Duration timeout;

        @Override
        public Map<String, String> flagsByField() {
            return Targets.flagsAnd(Map.of("profile", "PROFILE", "version", "--version", "canary", "--canary",
                    "percentages", "--percentages", "bakeSeconds", "--bake", "onMissingData", "--on-missing-data",
                    "metricChecks", "--check"));
        }

        @Override
        public Integer call() {
            ProfileCommand.requireKnown(session(), profile, version);
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("profile", profile);
            request.put("version", version);
            request.put("selector", targets.selector(session()));
            request.put("canary", canary);
            request.put("percentages", percentages);
            request.put("bakeSeconds", bake == null ? null : bake.toSeconds());
            request.put("onMissingData", onMissingData);
            request.put("autoRollback", !noAutoRollback);
            request.put("metricChecks", checks.stream().map(this::check).toList());
            request.put("dryRun", dryRun);
            Session session = session();
            String created = session.api().post("/api/rollouts", request);
            if (!await) {
                session.print(created, RolloutCommand::human);
                return 0;
            }
            return watch(session, session.tree(created).path("id").asText(), timeout);
        }

        private Map<String, Object> check(String text) {
            String[] parts = text.split(":", -1);
            Map<String, Object> check = new LinkedHashMap<>();
            try {
                check.put("metric", parts[0]);
                check.put("tolerancePercent", parts.length > 1 ? Double.valueOf(parts[1].replace("%", "")) : null);
                check.put("absolute", parts.length > 2 ? Double.valueOf(parts[2]) : null);
            } catch (NumberFormatException e) {
                throw usage("--check " + text + ": expected METRIC[:TOLERANCE%[:ABSOLUTE]], e.g. time_wait:30:100");
            }
            if (parts.length > 3) {
                throw usage("--check " + text + ": expected METRIC[:TOLERANCE%[:ABSOLUTE]]");
            }
            return check;
        }
    }

    @Command(name = "status", description = "A rollout's state and each wave's progress, or each of its hosts.")
    static final class Status extends ApiCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--watch", description = "follow it until it ends; exit 4 unless it completed")
        boolean watch;

        @Option(names = "--hosts", description = "each host: its wave, outcome, rollback and the gate's figures")
        boolean hosts;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2h",
                description = "give up waiting after this (default ${DEFAULT-VALUE}): exit 5")
        Duration timeout;

        @Override
        public Integer call() {
            if (watch && hosts) {
                throw usage("--watch follows the waves; --hosts lists the hosts once: give one of them");
            }
            if (watch) {
                return RolloutCommand.watch(session(), id, timeout);
            }
            Session session = session();
            String rollout = session.api().get(path(id));
            if (!hosts) {
                session.print(rollout, RolloutCommand::human);
                return 0;
            }
            JsonNode view = session.tree(rollout);
            session.out().print(session.json() ? RolloutHosts.json(view).toString() + "\n"
                    : RolloutHosts.table(view));
            return 0;
        }
    }

    @Command(name = "list", description = "Rollouts, newest first.")
    static final class ListRollouts extends ApiCommand {
        @Option(names = "--limit", paramLabel = "N")
        Integer limit;

        @Override
        public Integer call() {
            String query = ApiClient.query(ApiClient.params("limit", limit == null ? null : limit.toString()));
            session().print(session().api().get("/api/rollouts" + query), rollouts -> {
                Table table = new Table("ID", "PROFILE", "VERSION", "STATE", "APPLIED %", "CREATED", "STARTED BY");
                for (JsonNode rollout : rollouts) {
                    table.row(Fields.text(rollout, "id"), Fields.text(rollout, "profile"),
                            rollout.path("version").asInt(), Fields.text(rollout, "state"),
                            // a dry run applies nothing: a 0 there would read as a failure
                            rollout.path("state").asText().equals("DRY_RUN") ? "-"
                                    : (Object) rollout.path("percentApplied").asInt(),
                            Fields.ago(rollout, "createdAt"), RolloutProgress.actor(rollout, "startedBy"));
                }
                return table.render();
            });
            return 0;
        }
    }

    /** An operator's order to a rollout; prints where it stands after. */
    abstract static class Order extends ApiCommand {
        @Parameters(paramLabel = "ID")
        String id;

        abstract String verb();

        @Override
        public Integer call() {
            session().print(session().api().post(path(id) + "/" + verb(), "{}"),
                    view -> "rollout " + Fields.text(view, "id") + ": " + Fields.text(view, "state") + "\n");
            return 0;
        }
    }

    @Command(name = "pause", description = "Hold a running rollout before its next wave.")
    static final class Pause extends Order {
        @Override
        String verb() {
            return "pause";
        }
    }

    @Command(name = "resume", description = "Let a paused rollout go on.")
    static final class Resume extends Order {
        @Override
        String verb() {
            return "resume";
        }
    }

    @Command(name = "abort", description = "Stop a rollout and roll back every host it changed.")
    static final class Abort extends Order {
        @Override
        String verb() {
            return "abort";
        }
    }

    @Command(name = "rollback", description = "Undo a completed or halted rollout on exactly the hosts it changed,"
            + " wave by wave, the last first.")
    static final class Rollback extends ApiCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--wait", description = "follow it until it is rolled back; exit 4 if a host did not revert")
        boolean await;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m",
                description = "give up waiting after this (default ${DEFAULT-VALUE}): exit 5")
        Duration timeout;

        @Override
        public Map<String, String> flagsByField() {
            return Map.of("state", "ID");
        }

        @Override
        public Integer call() {
            Session session = session();
            String rollingBack = session.api().post(path(id) + "/rollback", "{}");
            if (!await) {
                session.print(rollingBack, RolloutCommand::human);
                return 0;
            }
            return watch(session, id, timeout, view -> !view.path("state").asText().equals("ROLLING_BACK"),
                    RolloutProgress::rolledBack);
        }
    }
}
