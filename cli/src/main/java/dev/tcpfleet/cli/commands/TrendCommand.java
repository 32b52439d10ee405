package dev.tcpfleet.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpfleet.cli.ApiClient;
import dev.tcpfleet.cli.ApiCommand;
import dev.tcpfleet.cli.render.Sparkline;
import dev.tcpfleet.cli.render.TimeArgs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "trend", description = "A metric over time as a sparkline, for one host or across hosts.")
public final class TrendCommand extends ApiCommand {
    private static final int WIDTH = 60;

    @Parameters(paramLabel = "METRIC", description = "sockets, established, time_wait, syn_recv, close_wait, orphans,"
            + " listen_overflows_per_s, retransmits_per_s, resets_sent_per_s, ephemeral_port_usage, conntrack_usage,"
            + " load1")
    String metric;

    @ArgGroup(multiplicity = "1")
    Scope scope;

    static final class Scope {
        @Option(names = "--host", paramLabel = "HOST", description = "one host's figure (its id or unique hostname)")
        String host;

        @Option(names = "--selector", paramLabel = "LABELS", description = "across the hosts a label selector picks")
        String labels;

        @Option(names = "--all", description = "across every host")
        boolean all;
    }

    @Option(names = "--from", paramLabel = "WHEN", description = "an instant or a time ago such as 6h (default 1h)")
    String from;

    @Option(names = "--to", paramLabel = "WHEN", description = "an instant or a time ago (default now)")
    String to;

    @Option(names = "--bucket", paramLabel = "raw|1m|1h|1d", description = "default: chosen from the range")
    String bucket;

    @Option(names = "--agg", paramLabel = "sum|avg|max|p95", description = "across hosts (default as the API's)")
    String agg;

    @Override
    public Map<String, String> flagsByField() {
        return Map.of("metric", "METRIC", "from", "--from", "to", "--to", "bucket", "--bucket", "agg", "--agg",
                "labels", "--selector");
    }

    @Override
    public Integer call() {
        Instant now = Instant.now();
        String fromParam = instant("--from", from, now);
        String toParam = instant("--to", to, now);
        String path;
        if (scope.host != null) {
            if (agg != null) {
                throw usage("--agg combines hosts: use it with --selector or --all");
            }
            String hostId = HostNames.resolve(session(), scope.host);
            path = "/api/hosts/" + ApiClient.segment(hostId) + "/trends/" + ApiClient.segment(metric)
                    + ApiClient.query(ApiClient.params("from", fromParam, "to", toParam, "bucket", bucket));
        } else {
            path = "/api/trends/" + ApiClient.segment(metric) + ApiClient.query(ApiClient.params("labels",
                    scope.labels, "agg", agg, "from", fromParam, "to", toParam, "bucket", bucket));
        }
        String what = scope.host != null ? "host " + scope.host
                : scope.labels != null ? "hosts " + scope.labels : "every host";
        session().print(session().api().get(path), trend -> render(trend, what));
        return 0;
    }

    private String instant(String flag, String value, Instant now) {
        try {
            return value == null ? null : TimeArgs.instant(value, now).toString();
        } catch (IllegalArgumentException e) {
            throw usage(flag + ": " + e.getMessage());
        }
    }

    /** A host's points carry min/avg/max (the average is drawn); a fleet's carry the aggregate as value. */
    static String render(JsonNode trend, String what) {
        List<Double> values = new ArrayList<>();
        for (JsonNode point : trend.path("points")) {
            JsonNode value = point.has("value") ? point.path("value") : point.path("avg");
            values.add(value.isNumber() ? value.asDouble() : null);
        }
        List<Double> known = values.stream().filter(Objects::nonNull).toList();
        String header = Fields.text(trend, "metric") + "  " + what + (trend.has("agg") ? "  " + Fields.text(trend,
                "agg") : "") + "  bucket " + Fields.text(trend, "bucket") + "  " + Fields.text(trend, "from") + " .. "
                + Fields.text(trend, "to") + "\n";
        if (known.isEmpty()) {
            return header + "no data in this range\n" + changes(trend);
        }
        return header + Sparkline.of(values, WIDTH) + "\n" + String.format(Locale.ROOT,
                "min %s  max %s  last %s  (%d points)%n", figure(known.stream().min(Double::compare).get()),
                figure(known.stream().max(Double::compare).get()), figure(known.get(known.size() - 1)), values.size())
                + changes(trend);
    }

    /**
     * A host trend's change events, one line each: when, what, who made it (unknown for a change from before the
     * control plane recorded it) and the rollout or automation action it belongs to.
     */
    static String changes(JsonNode trend) {
        StringBuilder out = new StringBuilder();
        for (JsonNode event : trend.path("events")) {
            String type = Fields.text(event, "type");
            String what = type.equals("campaign") ? "campaign " + Fields.text(event, "kind")
                    : type + (event.has("profile") ? " " + Fields.text(event, "profile") + " v"
                            + Fields.text(event, "version") : "");
            out.append("  ").append(Fields.text(event, "at")).append("  ").append(what).append("  by ")
                    .append(Fields.text(event, "actor", "unknown"));
            if (event.has("rolloutId")) {
                out.append("  rollout ").append(Fields.text(event, "rolloutId"));
            }
            // an automated rollout's id is its action's: named once
            if (event.has("actionId") && !event.path("actionId").equals(event.path("rolloutId"))) {
                out.append("  action ").append(Fields.text(event, "actionId"));
            }
            out.append('\n');
        }
        return out.isEmpty() ? "" : "changes:\n" + out;
    }

    private static String figure(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value)
                : String.format(Locale.ROOT, "%.2f", value);
    }
}
