package dev.tcpfleet.controlplane.profiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tcpfleet.domain.profiles.Violation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileRequestTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** As the REST API reads bodies (quarkus.jackson.fail-on-unknown-properties). */
    private static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void onlyJsonStringsAreSettingValues() throws Exception {
        ProfileRequest request = JSON.readValue("""
                {"settings": {"b.number": 1, "a.text": "1", "c.flag": true, "d.object": {}, "e.null": null}}
                """, ProfileRequest.class);
        assertEquals(List.of(
                        new Violation("b.number", "values are JSON strings, such as \"1\", not number"),
                        new Violation("c.flag", "values are JSON strings, such as \"1\", not boolean"),
                        new Violation("d.object", "values are JSON strings, such as \"1\", not object"),
                        new Violation("e.null", "values are JSON strings, such as \"1\", not null")),
                request.nonStringValues());
    }

    @Test
    void aProfileAsShownIsTakenBackWhateverItsReadOnlyFieldsButAMisspeltFieldIsNot() throws Exception {
        ProfileView shown = new ProfileView("web", 3, "for web", Map.of("net.core.somaxconn", "4096"),
                Instant.parse("2026-01-01T00:00:00Z"), false);
        ObjectMapper api = STRICT.copy().registerModule(new JavaTimeModule());

        ProfileRequest edited = api.readValue(api.writeValueAsString(shown), ProfileRequest.class);

        assertEquals("for web", edited.description());
        assertEquals(Map.of("net.core.somaxconn", "4096"), edited.textSettings());
        assertThrows(UnrecognizedPropertyException.class, () -> STRICT.readValue("""
                {"descripton": "x", "settings": {"net.core.somaxconn": "1"}}""", ProfileRequest.class));
    }

    @Test
    void textSettingsAreTheStringsAsSent() {
        ProfileRequest request = new ProfileRequest(null, Map.<String, JsonNode>of(
                "net.core.somaxconn", JSON.getNodeFactory().textNode("4096")));
        assertEquals(Map.of("net.core.somaxconn", "4096"), request.textSettings());
    }
}
