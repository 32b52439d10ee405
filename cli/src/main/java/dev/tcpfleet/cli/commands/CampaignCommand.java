package dev.tcpfleet.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpfleet.cli.ApiClient;
import dev.tcpfleet.cli.ApiCommand;
import dev.tcpfleet.cli.CommandGroup;
import dev.tcpfleet.cli.ExitCodes;
import dev.tcpfleet.cli.Session;
import dev.tcpfleet.cli.render.LiveLines;
import dev.tcpfleet.cli.render.ProgressBar;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "campaign", description = "Stress-test campaigns: every selected host tests one target.",
        subcommands = {CampaignCommand.Run.class, CampaignCommand.Status.class})
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
            int answered = 0;
            for (JsonNode host : campaign.path("hosts")) {
                answered += "PENDING".equals(host.path("status").asText()) ? 0 : 1;
            }
            return "campaign " + Fields.text(campaign, "id") + "  hosts answered "
                    + ProgressBar.of(answered, campaign.path("hosts").size(), 20) + "  connections "
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
}
