package dev.tcpfleet.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpfleet.cli.ApiClient;
import dev.tcpfleet.cli.ApiCommand;
import dev.tcpfleet.cli.CommandGroup;
import dev.tcpfleet.cli.ExitCodes;
import dev.tcpfleet.cli.Session;
import dev.tcpfleet.cli.render.LiveLines;
import dev.tcpfleet.cli.render.ProgressBar;
import dev.tcpfleet.cli.render.Table;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "campaign", description = "Stress-test campaigns: every selected host tests one target.",
        subcommands = {CampaignCommand.Run.class, CampaignCommand.Status.class, CampaignCommand.ListCampaigns.class,
            CampaignCommand.Stop.class})
public final class CampaignCommand extends CommandGroup {

    static String path(String id) {
        return "/api/campaigns/" + ApiClient.segment(id);
    }

    @Command(name = "run", description = "Start a campaign, follow the hosts' answers, then print the merged"
            + " result. Exit 4 if no host ran the test.")
    static final class Run extends ApiCommand {
        @Parameters(paramLabel = "TARGET", description = "ADDRESS:PORT, an IP literal ([fd00::5]:80 for IPv6)")
        String target;

        @Mixin
        Targets targets;

        @Option(names = "--kind", paramLabel = "connect_load|latency_probe")
        String kind;

        @Option(names = "--connections", paramLabel = "N", description = "per host; for a probe, the probes")
        Integer connections;

        @Option(names = "--concurrency", paramLabel = "N", description = "per host, open at once")
        Integer concurrency;

        @Option(names = "--rate", paramLabel = "N", description = "per host, connections started a second")
        Integer rate;

        @Option(names = "--duration", paramLabel = "DURATION", description = "each host stops after this")
        Duration duration;

        @Option(names = "--connect-timeout-ms", paramLabel = "MS")
        Integer connectTimeoutMillis;

        @Option(names = "--payload", paramLabel = "TEXT", description = "sent on each connection")
        String payload;

        @Option(names = "--read-bytes", paramLabel = "N", description = "then read this many bytes")
        Integer readBytes;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m",
                description = "give up waiting after this (default ${DEFAULT-VALUE}): exit 5")
        Duration timeout;

        @Override
        public Map<String, String> flagsByField() {
            return Targets.flagsAnd(Map.of("target", "TARGET", "kind", "--kind", "connections", "--connections",
                    "concurrency", "--concurrency", "rate", "--rate", "durationSeconds", "--duration",
                    "connectTimeoutMillis", "--connect-timeout-ms", "payload", "--payload",
                    "readBytes", "--read-bytes"));
        }

        @Override
        public Integer call() {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("selector", targets.selector(session()));
            request.put("target", target);
            request.put("kind", kind);
            request.put("connections", connections);
            request.put("concurrency", concurrency);
            request.put("rate", rate);
            request.put("durationSeconds", duration == null ? null : duration.toSeconds());
            request.put("connectTimeoutMillis", connectTimeoutMillis);
            request.put("payload", payload);
            request.put("readBytes", readBytes);
            Session session = session();
            String id = session.tree(session.api().post("/api/campaigns", request)).path("id").asText();
            LiveLines live = session.live();
            String campaign = session.await(() -> session.api().get(path(id)),
                    view -> "FINISHED".equals(view.path("status").asText()), timeout,
                    view -> live.show(List.of(progress(view))), "campaign " + id);
            session.print(campaign, CampaignResult::render);
            return session.tree(campaign).path("fleet").path("hostsRun").asInt() == 0 ? ExitCodes.FAILED
                    : ExitCodes.OK;
        }

        private static String progress(JsonNode campaign) {
            return "campaign " + Fields.text(campaign, "id") + "  hosts answered "
                    + ProgressBar.of(answered(campaign), campaign.path("hosts").size(), 20) + "  connections "
                    + campaign.path("fleet").path("attempted").asLong();
        }
    }

    @Command(name = "status", description = "A campaign's hosts and merged result so far.")
    static final class Status extends ApiCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            session().print(session().api().get(path(id)), CampaignResult::render);
            return 0;
        }
    }

    @Command(name = "list", description = "The newest campaigns first.")
    static final class ListCampaigns extends NewestList {
        @Override
        String path() {
            return "/api/campaigns";
        }

        @Override
        String table(JsonNode items) {
            return CampaignCommand.list(items);
        }
    }

    @Command(name = "stop", description = "Stop a campaign, or with --all every running one (the kill switch):"
            + " its hosts stop testing and report what they did.")
    static final class Stop extends ApiCommand {
        @Parameters(paramLabel = "ID", arity = "0..1")
        String id;

        @Option(names = "--all", description = "every running campaign")
        boolean all;

        @Override
        public Integer call() {
            if (all == (id != null)) {
                throw usage(all ? "give an ID or --all, not both" : "which campaign? give its ID, or --all");
            }
            Session session = session();
            if (all) {
                session.print(session.api().post(path("stop-all"), Map.of()), CampaignCommand::stopped);
            } else {
                session.print(session.api().post(path(id) + "/stop", Map.of()), campaign ->
                        "stopped campaign " + Fields.text(campaign, "id") + "  " + Fields.text(campaign, "status")
                                + "  hosts answered " + answered(campaign) + "/" + campaign.path("hosts").size()
                                + "\n");
            }
            return 0;
        }
    }

    /** Hosts that answered, whatever the answer: all but the PENDING ones. */
    static int answered(JsonNode campaign) {
        int answered = 0;
        for (JsonNode host : campaign.path("hosts")) {
            answered += "PENDING".equals(host.path("status").asText()) ? 0 : 1;
        }
        return answered;
    }

    /** GET /api/campaigns as a table; a stopped campaign shows STOPPED, whether or not its hosts have answered. */
    static String list(JsonNode campaigns) {
        Table table = new Table("ID", "KIND", "TARGET", "STATE", "HOSTS", "STARTED");
        for (JsonNode campaign : campaigns) {
            JsonNode test = campaign.path("test");
            table.row(Fields.text(campaign, "id"), Fields.text(test, "kind").toLowerCase(Locale.ROOT),
                    CampaignResult.target(test), campaign.hasNonNull("stoppedAt") ? "STOPPED"
                            : Fields.text(campaign, "status"),
                    answered(campaign) + "/" + campaign.path("hosts").size(), Fields.ago(campaign, "createdAt"));
        }
        return table.render();
    }

    /** The kill switch's answer, {@code {"stopped": [ids]}}: one line a campaign, or that none was running. */
    static String stopped(JsonNode answer) {
        StringBuilder text = new StringBuilder();
        answer.path("stopped").forEach(id -> text.append("stopped campaign ").append(id.asText()).append('\n'));
        return text.length() == 0 ? "no campaign was running\n" : text.toString();
    }
}
