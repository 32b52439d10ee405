package dev.tcpfleet.controlplane.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpfleet.controlplane.api.ApiError;
import dev.tcpfleet.controlplane.auth.TokenSecrets;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditedRequestTest {

    private static AuditedRequest request(Map<String, String> params, String body, boolean truncated) {
        return new AuditedRequest("POST", "/api/x/{a}/{b}", "/api/x/1/2", params, null,
                body.getBytes(StandardCharsets.UTF_8), truncated);
    }

    @Test
    void theTargetIsThePathParametersElseWhatWasCreatedElseThePath() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("a", "1");
        params.put("b", "2");
        assertEquals("1/2", request(params, "", false).target(URI.create("http://h/api/x/9")));
        assertEquals("r-9", request(Map.of(), "", false).target(URI.create("http://h/api/rollouts/r-9")));
        assertEquals("/api/x/1/2", request(Map.of(), "", false).target(null));
    }

    @Test
    void aWholeJsonBodyIsKeptAsJsonACutOneAsTextAndSecretsNeither() {
        String secret = TokenSecrets.generate();
        Map<String, Object> whole = request(Map.of(), "{\"hosts\": [\"" + secret + "\"]}", false).detail(201, null);
        assertEquals("tf_[redacted]", ((JsonNode) whole.get("body")).get("hosts").get(0).asText());
        assertEquals(201, whole.get("status"));
        assertFalse(whole.containsKey("bodyTruncated"));

        Map<String, Object> cut = request(Map.of(), "{\"hosts\": [\"a", true).detail(201, null);
        assertEquals("{\"hosts\": [\"a", cut.get("body"));
        assertEquals(true, cut.get("bodyTruncated"));
        assertEquals("not json", request(Map.of(), "not json", false).detail(400, null).get("body"));
    }

    @Test
    void theOutcomeIsTheStatusAndARefusalsReason() {
        assertEquals("204", AuditedRequest.outcome(204, null));
        ApiError error = new ApiError("forbidden", "role admin or above is needed", null);
        assertEquals("403 forbidden: role admin or above is needed", AuditedRequest.outcome(403, error));
        assertEquals(error, request(Map.of(), "", false).detail(403, error).get("error"));
    }
}
