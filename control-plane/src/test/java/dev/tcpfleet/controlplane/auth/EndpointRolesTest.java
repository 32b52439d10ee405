package dev.tcpfleet.controlplane.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.controlplane.audit.RequestAudit;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
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
            Map.entry("DELETE /api/tokens/{name}", Role.ADMIN));

    @Test
    void everyRestMethodHasItsRole() throws Exception {
        Map<String, Role> found = new TreeMap<>();
        List<String> undeclared = new ArrayList<>();
        for (Class<?> resource : resourceClasses()) {
            for (Method method : resource.getDeclaredMethods()) {
                String verb = httpMethod(method);
                if (verb == null) {
                    continue;
                }
                String endpoint = verb + " " + RequestAudit.route(resource, method);
                Allowed allowed = method.getAnnotation(Allowed.class);
                if (allowed == null) {
                    undeclared.add(endpoint + " (" + resource.getSimpleName() + "." + method.getName() + ")");
                } else {
                    found.put(endpoint, allowed.value());
                }
            }
        }
        assertEquals(List.of(), undeclared, "REST methods without @Allowed");
        assertTrue(found.size() > 40, "only " + found.size() + " REST methods found: " + found.keySet());
        found.forEach((endpoint, role) -> assertEquals(EXPECTED.getOrDefault(endpoint,
                endpoint.startsWith("GET ") ? Role.VIEWER : null), role, endpoint));
        EXPECTED.keySet().forEach(endpoint -> assertTrue(found.containsKey(endpoint), "no endpoint " + endpoint));
    }

    private static String httpMethod(Method method) {
        return Arrays.stream(method.getAnnotations())
                .map(a -> a.annotationType().getAnnotation(HttpMethod.class))
                .filter(h -> h != null).map(HttpMethod::value).findFirst().orElse(null);
    }

    /** The classes with {@code @Path} among the control plane's compiled main classes. */
    private static List<Class<?>> resourceClasses() throws IOException, URISyntaxException {
        var root = Paths.get(RequestAudit.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<java.nio.file.Path> files = Files.walk(root)) {
            return files.map(f -> root.relativize(f).toString())
                    .filter(f -> f.endsWith(".class") && !f.contains("$"))
                    .<Class<?>>map(f -> load(f.substring(0, f.length() - ".class".length()).replace('/', '.')))
                    .filter(c -> c.isAnnotationPresent(Path.class))
                    .toList();
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, EndpointRolesTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
