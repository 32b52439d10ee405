package dev.tcpfleet.controlplane.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tcpfleet.protocol.ProtocolJson;
import java.nio.charset.StandardCharsets;

/** Records to and from the jsonb columns of native queries, in the protocol's JSON form. */
public final class JsonColumns {
    private JsonColumns() {
    }

    /** The JSON text of {@code value}, for a {@code CAST(? AS jsonb)} parameter. */
    public static String text(Object value) {
        return new String(ProtocolJson.write(value), StandardCharsets.UTF_8);
    }

    /** A stored value read back; one that no longer reads is the database's problem, not the request's. */
    public static <T> T read(String json, Class<T> type) {
        try {
            return ProtocolJson.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored " + type.getSimpleName() + " no longer reads back", e);
        }
    }
}
