package dev.tcpfleet.controlplane.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tcpfleet.controlplane.api.ApiError;
import dev.tcpfleet.controlplane.auth.TokenSecrets;
import dev.tcpfleet.protocol.ProtocolJson;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A mutating API request as the audit trail keeps it: the route it matched, its path parameters, query and body (at
 * most {@link #MAX_BODY} bytes, token secrets blanked), and once answered the status and any error.
 */
public record AuditedRequest(String method, String route, String path, Map<String, String> params, String query,
        byte[] body, boolean bodyTruncated) {
    public static final int MAX_BODY = 8 * 1024;

    /** {@code POST /api/rollouts/{id}/abort}: the route template, so entries of one kind group together. */
    public String action() {
        return method + " " + route;
    }

    /**
     * What the request acted on: its path parameters ({@code /}-joined), else the resource it created, else its
     * path; so the audit of one rollout, rule or token is one {@code ?target=} away, its creation included.
     */
    public String target(URI created) {
        if (!params.isEmpty()) {
            return String.join("/", params.values());
        }
        if (created != null) {
            String location = created.getPath();
            return location.substring(location.lastIndexOf('/') + 1);
        }
        return path;
    }

    public Map<String, Object> detail(int status, Object entity) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("route", route);
        if (!params.isEmpty()) {
            detail.put("params", params);
        }
        if (query != null && !query.isEmpty()) {
            detail.put("query", TokenSecrets.redact(query));
        }
        if (body.length > 0) {
            detail.put("body", bodyAsKept());
        }
        if (bodyTruncated) {
            detail.put("bodyTruncated", true);
        }
        detail.put("status", status);
        if (entity instanceof ApiError error) {
            detail.put("error", error);
        }
        return detail;
    }

    /** The status, and for a refusal the error and its reason. */
    public static String outcome(int status, Object entity) {
        return entity instanceof ApiError error ? status + " " + error.error() + ": " + error.detail()
                : String.valueOf(status);
    }

    /** The body as JSON when it is whole JSON, else as text; a cut body is never valid JSON. */
    private Object bodyAsKept() {
        String text = TokenSecrets.redact(new String(body, StandardCharsets.UTF_8));
        if (!bodyTruncated) {
            try {
                return ProtocolJson.mapper().readTree(text);
            } catch (JsonProcessingException e) {
                // kept as the text that was sent
            }
        }
        return text;
    }
}
