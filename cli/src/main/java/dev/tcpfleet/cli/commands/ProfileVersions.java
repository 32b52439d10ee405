package dev.tcpfleet.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpfleet.cli.render.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A profile's history as {@code GET /api/profiles/{name}/versions} gives it, oldest first, each version with what it
 * changed from the one before.
 */
final class ProfileVersions {
    private ProfileVersions() {
    }

    static String table(JsonNode versions) {
        Table table = new Table("VERSION", "CREATED", "CHANGED");
        JsonNode previous = null;
        for (JsonNode version : versions) {
            table.row(version.path("version").asLong(),
                    version.path("builtIn").asBoolean() ? "built in" : Fields.text(version, "createdAt"),
                    previous == null ? "first version" : changes(previous, version));
            previous = version;
        }
        return table.render();
    }

    /** {@code +key=value} added, {@code key old->new} changed, {@code -key} removed; then "description" if it did. */
    static String changes(JsonNode before, JsonNode after) {
        Map<String, String> old = settings(before);
        Map<String, String> now = settings(after);
        StringJoiner changes = new StringJoiner(", ");
        TreeSet<String> keys = new TreeSet<>(old.keySet());
        keys.addAll(now.keySet());
        for (String key : keys) {
            if (!old.containsKey(key)) {
                changes.add("+" + key + "=" + now.get(key));
            } else if (!now.containsKey(key)) {
                changes.add("-" + key);
            } else if (!old.get(key).equals(now.get(key))) {
                changes.add(key + " " + old.get(key) + "->" + now.get(key));
            }
        }
        if (!Fields.text(before, "description").equals(Fields.text(after, "description"))) {
            changes.add("description");
        }
        return changes.length() == 0 ? "nothing" : changes.toString();
    }

    private static Map<String, String> settings(JsonNode version) {
        Map<String, String> settings = new TreeMap<>();
        version.path("settings").fields().forEachRemaining(key -> settings.put(key.getKey(), key.getValue().asText()));
        return settings;
    }
}
