package dev.tcpfleet.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpfleet.cli.render.TimeArgs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/** Table cells from the API's JSON: absent values as "-", labels as a selector would name them, ages. */
final class Fields {
    private Fields() {
    }

    static String text(JsonNode node, String field) {
        return text(node, field, "-");
    }

    static String text(JsonNode node, String field, String absent) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? absent : value.asText();
    }

    /** A number cell (right-aligned), or "-" when absent. */
    static Object number(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isNumber()) {
            return "-";
        }
        return value.isIntegralNumber() ? (Object) value.asLong() : (Object) value.asDouble();
    }

    /** {@code k=v,k2=v2}, sorted as the API keeps them. */
    static String labels(JsonNode labels) {
        StringJoiner joined = new StringJoiner(",");
        labels.fields().forEachRemaining(label -> joined.add(label.getKey() + "=" + label.getValue().asText()));
        return joined.length() == 0 ? "-" : joined.toString();
    }

    /** How long ago an instant field was, or "-". */
    static String ago(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? TimeArgs.ago(Instant.parse(value.asText()), Instant.now()) : "-";
    }

    static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }
}
