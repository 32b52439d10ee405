package dev.tcpfleet.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpfleet.cli.render.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A rollout's hosts one per row ({@code rollout status --hosts}): wave, outcome, rollback and the gate's figures. */
final class RolloutHosts {
    private RolloutHosts() {
    }

    static String table(JsonNode rollout) {
        Table table = new Table("HOST", "HOSTNAME", "WAVE", "STATE", "OUTCOME", "ROLLBACK", "GATE FIGURES");
        for (JsonNode wave : rollout.path("waves")) {
            for (JsonNode host : wave.path("hosts")) {
                table.row(Fields.text(host, "hostId"), Fields.text(host, "hostname"), RolloutProgress.number(wave), Fields.text(host, "state"),
                        Fields.text(host, "outcome"), Fields.text(host, "rollbackOutcome",
                                Fields.text(host, "rollbackStatus")), figures(host.path("metrics")));
            }
        }
        return table.render();
    }

    /** The hosts as the API gave them (hostname included), each with its wave's number, for jq. */
    static ArrayNode json(JsonNode rollout) {
        ArrayNode hosts = JsonNodeFactory.instance.arrayNode();
        for (JsonNode wave : rollout.path("waves")) {
            for (JsonNode host : wave.path("hosts")) {
                ObjectNode row = hosts.addObject();
                row.put("hostId", host.path("hostId").asText());
                row.put("wave", RolloutProgress.number(wave));
                host.fields().forEachRemaining(field -> row.set(field.getKey(), field.getValue()));
            }
        }
        return hosts;
    }

    /** {@code time_wait 12 -> 15}: each checked figure before the wave and at its worst since; "-" if unjudged. */
    static String figures(JsonNode metrics) {
        List<String> figures = new ArrayList<>();
        metrics.fields().forEachRemaining(metric -> figures.add(metric.getKey() + " "
                + value(metric.getValue().path("before")) + " -> " + value(metric.getValue().path("after"))));
        return figures.isEmpty() ? "-" : String.join("; ", figures);
    }

    private static String value(JsonNode figure) {
        if (!figure.isNumber()) {
            return "?";
        }
        double value = figure.asDouble();
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }
}
