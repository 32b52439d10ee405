package dev.tcpfleet.controlplane.profiles;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpfleet.domain.profiles.Violation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileRequestTest {
    private static final ObjectMapper JSON = new ObjectMapper();

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
    void textSettingsAreTheStringsAsSent() {
        ProfileRequest request = new ProfileRequest(null, Map.<String, JsonNode>of(
                "net.core.somaxconn", JSON.getNodeFactory().textNode("4096")));
        assertEquals(Map.of("net.core.somaxconn", "4096"), request.textSettings());
    }
}
