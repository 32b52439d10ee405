package dev.tcpfleet.controlplane.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document describes every endpoint with its errors, and what it says about who may call an endpoint is
 * what the running control plane does: each documented operation is called with no token and with a viewer's.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class ApiDocumentationTest {
    private static final Set<String> VERBS = Set.of("get", "post", "put", "delete");

    /** One documented operation: its verb, path template and what the document says of it. */
    private record Documented(String verb, String path, Map<String, Object> operation) {
        @SuppressWarnings("unchecked")
        Set<String> statuses() {
            return ((Map<String, Object>) operation.get("responses")).keySet();
        }

        String role() {
            return (String) operation.get("x-tcpfleet-role");
        }

        /** The path with every template filled, so the request reaches the method (and finds nothing there). */
        String callablePath() {
            return path.replaceAll("\\{[^}]+}", "no-such-thing");
        }
    }

    /** The /api operations of the document the running control plane serves (no token needed to read it). */
    @SuppressWarnings("unchecked")
    private static List<Documented> documented() {
        JsonPath document = given().noFilters().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
        List<Documented> documented = new ArrayList<>();
        Map<String, Map<String, Object>> paths = document.getMap("paths");
        paths.forEach((path, item) -> item.forEach((verb, operation) -> {
            if (path.startsWith("/api/") && VERBS.contains(verb)) {
                documented.add(new Documented(verb, path, (Map<String, Object>) operation));
            }
        }));
        return documented;
    }

    @Test
    void everyEndpointIsDescribedWithItsErrors() {
        List<Documented> documented = documented();
        assertTrue(documented.size() > 40, "only " + documented.size() + " operations documented");
        for (Documented endpoint : documented) {
            String name = endpoint.verb() + " " + endpoint.path();
            assertFalse(String.valueOf(endpoint.operation().get("summary")).isBlank(), name + " has no summary");
            assertTrue(Set.of("viewer", "operator", "admin").contains(endpoint.role()), name + ": role " + endpoint.role());
            assertTrue(endpoint.statuses().contains("401"), name + " does not document 401");
            assertTrue(String.valueOf(((Map<?, ?>) ((Map<?, ?>) endpoint.operation().get("responses")).get("503"))
                    .get("description")).contains("the database is unavailable"), name + ": 503 without the database");
            assertEquals(!endpoint.role().equals("viewer"), endpoint.statuses().contains("403"), name + " and 403");
            if (endpoint.path().contains("{")) {
                assertTrue(endpoint.statuses().contains("404"), name + " does not document 404");
            }
            if (endpoint.operation().containsKey("requestBody")) {
                assertTrue(endpoint.statuses().containsAll(Set.of("400", "413", "415")), name + ": " + endpoint.statuses());
            }
            assertTrue(endpoint.statuses().stream().anyMatch(s -> s.startsWith("2")), name + " documents no success");
            assertFalse(String.valueOf(endpoint.operation().get("operationId")).contains("."), name + ": long id");
        }
    }

    @Test
    void whatTheDocumentSaysOfRolesIsWhatTheApiDoes() {
        String viewer = given().contentType(ContentType.JSON)
                .body(Map.of("name", "docs-" + UUID.randomUUID().toString().substring(0, 8), "role", "viewer"))
                .post("/api/tokens").then().statusCode(201).extract().path("token");
        for (Documented endpoint : documented()) {
            String name = endpoint.verb() + " " + endpoint.path();
            assertEquals(401, given().noFilters().contentType(ContentType.JSON).body("{}")
                    .request(endpoint.verb(), endpoint.callablePath()).statusCode(), name + " without a token");
            int asViewer = given().header("Authorization", "Bearer " + viewer).contentType(ContentType.JSON)
                    .body("{}").request(endpoint.verb(), endpoint.callablePath()).statusCode();
            if (endpoint.role().equals("viewer")) {
                assertTrue(asViewer < 500 && asViewer != 401 && asViewer != 403, name + " as a viewer: " + asViewer);
            } else {
                assertEquals(403, asViewer, name + " as a viewer");
            }
        }
    }

    @Test
    void operationsAreGroupedUnderTagsInWords() {
        JsonPath document = given().noFilters().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
        Set<String> tags = Set.copyOf(document.getList("tags.name", String.class));
        assertEquals(Set.of("Hosts", "Enrolment", "Host snapshots", "Host trends", "Fleet trends", "Changes", "Profiles",
                "Commands", "Rollouts", "Stress-test campaigns", "Alerts and silences", "Alert rules", "Automation",
                "Load balancer config", "Audit trail", "API tokens"), tags);
        for (Documented endpoint : documented()) {
            @SuppressWarnings("unchecked")
            List<String> named = (List<String>) endpoint.operation().get("tags");
            String name = endpoint.verb() + " " + endpoint.path();
            assertEquals(1, named.size(), name + ": " + named);
            assertTrue(tags.containsAll(named), name + ": " + named);
            assertFalse(named.get(0).endsWith("Resource"), name + ": " + named);
        }
        assertEquals(List.of("Alerts and silences"), document.getList("paths.'/api/alerts/silences'.get.tags"));
    }

    @Test
    void swaggerUiIsServed() {
        given().noFilters().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }
}
