package dev.tcpfleet.controlplane.profiles;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpfleet.domain.profiles.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The body of {@code PUT /api/profiles/{name}}.
 *
 * @param settings sysctl key → value. The values are read as JSON nodes rather than strings so that a number, a
 *                 boolean or an object is refused with its key named, instead of being turned into text by Jackson
 *                 (or failing the whole body without a key).
 */
// What GET /api/profiles/{name} adds, so that a profile shown (tcpfleet -o json profile show), edited and put back is
// taken: the name is the path's, the version and time the store's. Any other unknown field is refused.
@JsonIgnoreProperties({"name", "version", "createdAt", "builtIn"})
public record ProfileRequest(String description, Map<String, JsonNode> settings) {

    /** The values that are not JSON strings, by key; settings are data, so {@code 1} must be sent as {@code "1"}. */
    List<Violation> nonStringValues() {
        List<Violation> violations = new ArrayList<>();
        new TreeMap<>(settings).forEach((key, value) -> {
            if (value == null || !value.isTextual()) {
                String type = value == null ? "null" : value.getNodeType().name().toLowerCase(Locale.ROOT);
                violations.add(new Violation(key, "values are JSON strings, such as \"1\", not " + type));
            }
        });
        return violations;
    }

    /** The settings as text; call only when {@link #nonStringValues()} found none. */
    Map<String, String> textSettings() {
        Map<String, String> text = new TreeMap<>();
        settings.forEach((key, value) -> text.put(key, value.textValue()));
        return text;
    }
}
