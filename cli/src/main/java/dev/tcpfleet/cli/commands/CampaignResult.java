package dev.tcpfleet.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpfleet.cli.render.Table;
import dev.tcpfleet.protocol.stress.ConnectLatencies;
import java.math.BigDecimal;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * A campaign (GET /api/campaigns/{id}) as tables: the fleet's merged connect latencies, its counts and failures
 * by class, then each host. The percentiles are read off the merged histogram itself, which the API's summary
 * stops short of (no p99.9).
 */
final class CampaignResult {
    private static final double[] PERCENTILES = {50, 90, 99, 99.9};

    private CampaignResult() {
    }

    static String render(JsonNode campaign) {
        JsonNode fleet = campaign.path("fleet");
        StringBuilder text = new StringBuilder();
        text.append("campaign ").append(Fields.text(campaign, "id")).append("  ").append(Fields.text(campaign,
                "status")).append("  target ").append(target(campaign.path("test")))
                .append(campaign.path("warning").asBoolean() ? "  WARNING: error rate above the threshold" : "")
                .append('\n');

        Table latency = new Table("P50 ms", "P90 ms", "P99 ms", "P99.9 ms", "MAX ms");
        String encoded = fleet.path("connectLatencies").asText(null);
        if (encoded != null) {
            Histogram merged = ConnectLatencies.decode(encoded);
            if (merged.getTotalCount() > 0) {
                Object[] row = new Object[PERCENTILES.length + 1];
                for (int i = 0; i < PERCENTILES.length; i++) {
                    row[i] = millis(merged.getValueAtPercentile(PERCENTILES[i]));
                }
                row[PERCENTILES.length] = millis(merged.getMaxValue());
                latency.row(row);
            }
        }
        text.append("\nConnect latency, every host merged\n").append(latency.render());

        Table counts = new Table("HOSTS RAN", "REFUSED", "ATTEMPTED", "SUCCESSES", "CUT SHORT", "ERROR RATE");
        counts.row(fleet.path("hostsRun").asLong(), fleet.path("hostsRefused").asLong(),
                fleet.path("attempted").asLong(), fleet.path("successes").asLong(), fleet.path("cutShort").asLong(),
                String.format(Locale.ROOT, "%.2f%%", fleet.path("errorRate").asDouble() * 100));
        text.append("\nConnections\n").append(counts.render());

        Table failures = new Table("FAILURE", "COUNT");
        fleet.path("failures").fields().forEachRemaining(failure ->
                failures.row(failure.getKey(), failure.getValue().asLong()));
        text.append("\nFailures by class\n").append(failures.render());

        Table hosts = new Table("HOST", "STATUS", "ATTEMPTED", "SUCCESSES", "P99 ms", "REFUSAL");
        for (JsonNode host : campaign.path("hosts")) {
            JsonNode result = host.path("result");
            hosts.row(Fields.text(host, "hostId"), Fields.text(host, "status"), Fields.number(result, "attempted"),
                    Fields.number(result, "successes"), result.path("latency").has("p99Micros")
                            ? millis(result.path("latency").path("p99Micros").asLong()) : "-",
                    Fields.text(result, "refusal"));
        }
        text.append("\nHosts\n").append(hosts.render());
        return text.toString();
    }

    /**
     * The test's target as the operator typed it: the API shows the host and port apart ({@code StressRequest}),
     * so an IPv6 literal gets its brackets back.
     */
    static String target(JsonNode test) {
        String host = test.path("host").asText(null);
        if (host == null) {
            return "-";
        }
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + test.path("port").asInt();
    }

    /** Microseconds as milliseconds to the microsecond, a right-aligned number cell. */
    private static Number millis(long micros) {
        return new BigDecimal(micros).movePointLeft(3);
    }
}
