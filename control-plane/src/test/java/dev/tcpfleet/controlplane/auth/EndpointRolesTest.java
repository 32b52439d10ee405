package dev.tcpfleet.controlplane.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.controlplane.RestEndpoints;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every REST method of the control plane, found on the compiled classes, has the role this table gives it: a new
 * endpoint fails here until someone decides who may call it (and the filter refuses it to everyone until then).
 */
class EndpointRolesTest {
    /** Every GET is the viewer's but these; every other method is listed. */
    private static final Map<String, Role> EXPECTED = Map.ofEntries(
            Map.entry("GET /api/audit", Role.OPERATOR),
            Map.entry("GET /api/tokens", Role.ADMIN),
            // they only compute
            Map.entry("POST /api/hosts/select", Role.VIEWER),
            Map.entry("POST /api/lb/haproxy", Role.VIEWER),
            Map.entry("POST /api/lb/nginx", Role.VIEWER),
            // acting on the fleet
            Map.entry("POST /api/commands", Role.OPERATOR),
            Map.entry("POST /api/rollouts", Role.OPERATOR),
            Map.entry("POST /api/rollouts/{id}/pause", Role.OPERATOR),
            Map.entry("POST /api/rollouts/{id}/resume", Role.OPERATOR),
            Map.entry("POST /api/rollouts/{id}/abort", Role.OPERATOR),
            Map.entry("POST /api/rollouts/{id}/rollback", Role.OPERATOR),
            Map.entry("POST /api/campaigns", Role.OPERATOR),
            Map.entry("POST /api/campaigns/{id}/stop", Role.OPERATOR),
            Map.entry("POST /api/campaigns/stop-all", Role.OPERATOR),
            Map.entry("POST /api/alerts/silences", Role.OPERATOR),
            Map.entry("DELETE /api/alerts/silences/{id}", Role.OPERATOR),
            Map.entry("POST /api/automation/actions/{id}/approve", Role.OPERATOR),
            Map.entry("POST /api/automation/actions/{id}/reject", Role.OPERATOR),
            // deciding what may be done
            Map.entry("PUT /api/profiles/{name}", Role.ADMIN),
            Map.entry("DELETE /api/profiles/{name}", Role.ADMIN),
            Map.entry("PUT /api/alerts/rules/{name}", Role.ADMIN),
            Map.entry("DELETE /api/alerts/rules/{name}", Role.ADMIN),
            Map.entry("PUT /api/automation/rules/{name}", Role.ADMIN),
            Map.entry("DELETE /api/automation/rules/{name}", Role.ADMIN),
            Map.entry("POST /api/tokens", Role.ADMIN),
            Map.entry("DELETE /api/tokens/{name}", Role.ADMIN),
            // deciding which hosts may report
            Map.entry("POST /api/enrolments/{hostId}/accept", Role.ADMIN),
            Map.entry("POST /api/enrolments/{hostId}/reject", Role.ADMIN),
            Map.entry("POST /api/enrolments/{hostId}/revoke", Role.ADMIN));

    @Test
    void everyRestMethodHasItsRole() {
        Map<String, Role> found = new TreeMap<>();
        List<String> undeclared = new ArrayList<>();
        for (RestEndpoints.Endpoint endpoint : RestEndpoints.all()) {
            Allowed allowed = endpoint.method().getAnnotation(Allowed.class);
            if (allowed == null) {
                undeclared.add(endpoint.name() + " (" + endpoint.resource().getSimpleName() + "."
                        + endpoint.method().getName() + ")");
            } else {
                found.put(endpoint.name(), allowed.value());
            }
        }
        assertEquals(List.of(), undeclared, "REST methods without @Allowed");
        assertTrue(found.size() > 40, "only " + found.size() + " REST methods found: " + found.keySet());
        found.forEach((endpoint, role) -> assertEquals(EXPECTED.getOrDefault(endpoint,
                endpoint.startsWith("GET ") ? Role.VIEWER : null), role, endpoint));
        EXPECTED.keySet().forEach(endpoint -> assertTrue(found.containsKey(endpoint), "no endpoint " + endpoint));
    }
}
