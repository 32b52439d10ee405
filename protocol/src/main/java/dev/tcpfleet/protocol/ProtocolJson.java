package dev.tcpfleet.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tcpfleet.protocol.stress.StressReport;
import dev.tcpfleet.protocol.stress.StressRequest;
import dev.tcpfleet.protocol.stress.StressResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The wire format of every tcpfleet message: JSON with a top-level {@code schemaVersion}.
 *
 * <p>Readers accept unknown fields (a newer agent may add some within the same version) but refuse a
 * schema version they do not know, so a message is never half-understood.
 */
public final class ProtocolJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** An escaped NUL: backslash-u0000 after an even run of backslashes (which only escape each other). */
    private static final Pattern JSON_NUL = Pattern.compile("(?<!\\\\)((?:\\\\\\\\)*)\\\\u0000");

    private ProtocolJson() {
    }

    /**
     * The message as JSON, with any NUL in its texts written as U+FFFD: readers refuse a NUL (see {@link #nulAt}),
     * and a writer may be echoing one it was sent, such as an agent naming the key of a command it refuses.
     */
    public static byte[] write(Object message) {
        byte[] json;
        try {
            json = MAPPER.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + message.getClass().getSimpleName(), e);
        }
        String text = new String(json, StandardCharsets.UTF_8);
        return text.contains("\\u0000")
                ? JSON_NUL.matcher(text).replaceAll("$1\\\\ufffd").getBytes(StandardCharsets.UTF_8) : json;
    }

    public static HostSnapshot readSnapshot(byte[] json) {
        HostSnapshot snapshot = readDirect(json, HostSnapshot.class, HostSnapshot.SCHEMA_VERSION,
                HostSnapshot::schemaVersion);
        snapshot.host().problem().ifPresent(problem -> {
            throw new MalformedMessageException("HostSnapshot: field 'host': " + problem);
        });
        return snapshot;
    }

    public static TuningResult readTuningResult(byte[] json) {
        TuningResult result = read(json, TuningResult.class, TuningResult.SCHEMA_VERSION);
        requireHostId(TuningResult.class, result.hostId());
        return result;
    }

    public static StressRequest readStressRequest(byte[] json) {
        return read(json, StressRequest.class, StressRequest.SCHEMA_VERSION);
    }

    public static StressResult readStressResult(byte[] json) {
        return read(json, StressResult.class, StressRequest.SCHEMA_VERSION);
    }

    public static StressReport readStressReport(byte[] json) {
        StressReport report = read(json, StressReport.class, StressRequest.SCHEMA_VERSION);
        requireHostId(StressReport.class, report.hostId());
        return report;
    }

    /** A host id, where one is given (its absence is the consumer's to judge), is one a host could have. */
    private static void requireHostId(Class<?> type, String hostId) {
        if (hostId != null && !HostIdentity.isValidId(hostId)) {
            throw new MalformedMessageException(type.getSimpleName() + ": field 'hostId': not a host id: ids match "
                    + HostIdentity.ID_PATTERN);
        }
    }

    /** The shared mapper, for callers that render the contract types (e.g. {@code analyze --json}). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * {@link #read}, straight into the type when nothing calls for the tree: a message of the version this build
     * reads, with no NUL. Reading the tree first costs a snapshot's reader about as much again. Anything else (another
     * version, a mapping error, a possible NUL) is read again by {@link #read}, whose errors name the field.
     */
    private static <T> T readDirect(byte[] json, Class<T> type, int supportedVersion, ToIntFunction<T> versionOf) {
        if (json != null && json.length > 0 && !mayHoldNul(json)) {
            try {
                T value = MAPPER.readValue(json, type);
                if (value != null && versionOf.applyAsInt(value) == supportedVersion) {
                    return value;
                }
            } catch (IOException | RuntimeException e) {
                // the careful read below says what is wrong
            }
        }
        return read(json, type, supportedVersion);
    }

    private static <T> T read(byte[] json, Class<T> type, int supportedVersion) {
        if (json == null || json.length == 0) {
            throw new MalformedMessageException("empty message");
        }
        try {
            JsonNode tree = MAPPER.readTree(json);
            if (tree == null || !tree.isObject()) {
                throw new MalformedMessageException("not a JSON object");
            }
            JsonNode version = tree.get("schemaVersion");
            if (version == null || !version.canConvertToInt()) {
                throw new MalformedMessageException("missing schemaVersion");
            }
            if (version.intValue() != supportedVersion) {
                throw new MalformedMessageException("unsupported schemaVersion " + version.asText()
                        + " for " + type.getSimpleName() + " (this build reads " + supportedVersion + ")");
            }
            String nul = mayHoldNul(json) ? nulAt(tree, "") : null;
            if (nul != null) {
                throw new MalformedMessageException(type.getSimpleName() + ": field '" + nul + "': holds a NUL"
                        + " character, which no text of the contract may");
            }
            return MAPPER.treeToValue(tree, type);
        } catch (IOException | RuntimeException e) {
            if (e instanceof MalformedMessageException m) {
                throw m;
            }
            throw new MalformedMessageException(type.getSimpleName() + ": " + describe(e), e);
        }
    }

    /** Names the offending field where Jackson knows it, so a dead letter says what to fix. */
    private static String describe(Exception e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String path = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            return "field '" + path + "': " + firstLine(mapping.getOriginalMessage());
        }
        return firstLine(e.getMessage());
    }

    /**
     * Whether the bytes hold the escape of a NUL, the only way JSON text can hold one (the parser refuses a raw
     * one), or something that merely looks like it (an escaped backslash before "u0000"): walking every field for
     * a NUL costs more than reading a snapshot's bytes once.
     */
    private static boolean mayHoldNul(byte[] json) {
        for (int i = 0; i + 5 < json.length; i++) {
            if (json[i] == '\\' && json[i + 1] == 'u' && json[i + 2] == '0' && json[i + 3] == '0'
                    && json[i + 4] == '0' && json[i + 5] == '0') {
                return true;
            }
        }
        return false;
    }

    /**
     * The path of the first text or field name holding a NUL, or null: PostgreSQL keeps no NUL in text, so a
     * message with one could never be stored, only retried.
     */
    private static String nulAt(JsonNode node, String path) {
        if (node.isTextual()) {
            return node.textValue().indexOf('\0') >= 0 ? path : null;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = nulAt(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        }
        for (var fields = node.fields(); fields.hasNext(); ) {
            var field = fields.next();
            String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            if (field.getKey().indexOf('\0') >= 0) {
                return fieldPath;
            }
            String found = nulAt(field.getValue(), fieldPath);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
