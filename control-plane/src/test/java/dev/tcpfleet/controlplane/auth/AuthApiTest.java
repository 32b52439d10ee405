package dev.tcpfleet.controlplane.auth;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.PostgresTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Tokens, roles and the audit of requests, through the API on the real database. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class AuthApiTest {
    /** Unauthenticated requests reach the trail when their counts are next added (%test: every second). */
    static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    AgroalDataSource database;

    /** A new token of {@code role}, made by the bootstrap admin; its name is {@code role-<random>}. */
    static Map<String, String> issue(String role) {
        String name = role + "-" + UUID.randomUUID().toString().substring(0, 8);
        String secret = given().contentType(ContentType.JSON).body(Map.of("name", name, "role", role))
                .post("/api/tokens").then().statusCode(201)
                .body("name", equalTo(name)).body("role", equalTo(role)).body("createdBy", equalTo("bootstrap"))
                .extract().path("token");
        return Map.of("name", name, "secret", secret);
    }

    static RequestSpecification as(Map<String, String> token) {
        return given().header("Authorization", "Bearer " + token.get("secret")).contentType(ContentType.JSON);
    }

    @Test
    void probesNeedNoToken() {
        given().noFilters().get("/q/health/live").then().statusCode(200);
        given().noFilters().get("/q/metrics").then().statusCode(200);
    }

    static Stream<Arguments> unauthenticated() {
        return Stream.of(
                Arguments.of("none", null),
                Arguments.of("a made-up token", "Bearer " + TokenSecrets.generate()),
                Arguments.of("not a bearer token", "Basic dXNlcjpwYXNz"),
                Arguments.of("an empty bearer", "Bearer "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unauthenticated")
    void withoutATokenInForceEveryEndpointIs401(String what, String authorization) {
        RequestSpecification request = given().noFilters();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        request.get("/api/hosts").then().statusCode(401).header("WWW-Authenticate", equalTo("Bearer"))
                .body("error", equalTo("unauthorized")).body("detail", startsWith("send a valid API token"));
    }

    static Stream<Arguments> roles() {
        return Stream.of(
                // role, method, path, status: a 403 is the role; anything else means the request got through
                Arguments.of("viewer", "GET", "/api/hosts", 200),
                Arguments.of("viewer", "POST", "/api/hosts/select", 200),
                Arguments.of("viewer", "POST", "/api/rollouts/no-such/abort", 403),
                Arguments.of("viewer", "GET", "/api/audit", 403),
                Arguments.of("operator", "POST", "/api/rollouts/no-such/abort", 404),
                Arguments.of("operator", "GET", "/api/audit", 200),
                Arguments.of("operator", "DELETE", "/api/alerts/rules/no-such", 403),
                Arguments.of("operator", "POST", "/api/tokens", 403),
                Arguments.of("operator", "GET", "/api/tokens", 403),
                Arguments.of("admin", "DELETE", "/api/alerts/rules/no-such", 404),
                Arguments.of("admin", "GET", "/api/tokens", 200));
    }

    @ParameterizedTest(name = "{0}: {1} {2} → {3}")
    @MethodSource("roles")
    void eachRoleReachesItsLevelAndNoHigher(String role, String method, String path, int status) {
        var response = as(issue(role)).body(Map.of("all", true)).request(method, path).then().statusCode(status);
        if (status == 403) {
            response.body("error", equalTo("forbidden")).body("detail", startsWith("role "));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"viewer", "operator", "admin"})
    void aTokenTellsItsNameAndRole(String role) {
        Map<String, String> token = issue(role);
        as(token).get("/api/caller").then().statusCode(200)
                .body("name", equalTo(token.get("name"))).body("role", equalTo(role));
    }

    @Test
    void aTokenIsShownOnceStoredAsAHashAndWorksUntilRevoked() throws SQLException {
        Map<String, String> token = issue("viewer");
        String name = token.get("name");
        as(token).get("/api/hosts").then().statusCode(200);

        given().get("/api/tokens").then().statusCode(200)
                .body("find { it.name == '" + name + "' }.role", equalTo("viewer"))
                .body("find { it.name == '" + name + "' }.revokedAt", nullValue())
                .body("token", everyItem(nullValue()));
        assertEquals(TokenSecrets.hash(token.get("secret")), single(
                "SELECT token_hash FROM api_tokens WHERE name = ?", name));
        assertEquals("0", single("SELECT count(*) FROM api_tokens t WHERE strpos(CAST(row_to_json(t) AS text), ?) > 0",
                token.get("secret")));

        given().delete("/api/tokens/{name}", name).then().statusCode(204);
        as(token).get("/api/hosts").then().statusCode(401);
        given().delete("/api/tokens/{name}", name).then().statusCode(404);
        given().get("/api/tokens").then().body("find { it.name == '" + name + "' }.revokedAt", not(nullValue()));
        given().contentType(ContentType.JSON).body(Map.of("name", name, "role", "viewer")).post("/api/tokens").then()
                .statusCode(409).body("field", equalTo("name"));
    }

    @Test
    void aBadTokenRequestNamesItsField() {
        given().contentType(ContentType.JSON).body(Map.of("name", "Not:A:Name", "role", "viewer"))
                .post("/api/tokens").then().statusCode(400).body("field", equalTo("name"));
        given().contentType(ContentType.JSON).body(Map.of("name", "root-" + UUID.randomUUID(), "role", "root"))
                .post("/api/tokens").then().statusCode(400).body("field", equalTo("role"));
    }

    @Test
    void mutatingRequestsAreAuditedWithWhoWhatTheBodyAndHowTheyEnded() throws SQLException {
        Map<String, String> operator = issue("operator");
        String reason = "audit " + UUID.randomUUID();
        as(operator).body(Map.of("minutes", 5, "reason", reason)).post("/api/alerts/silences").then().statusCode(201);
        given().queryParam("actor", operator.get("name")).get("/api/audit").then().statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].action", equalTo("POST /api/alerts/silences"))
                .body("[0].target", equalTo("/api/alerts/silences"))
                .body("[0].detail.body.reason", equalTo(reason))
                .body("[0].outcome", equalTo("201"))
                .body("[0]", not(hasKey("count")));

        Map<String, String> viewer = issue("viewer");
        as(viewer).body(Map.of("why", "curious")).post("/api/rollouts/{id}/abort", "r-1").then().statusCode(403);
        given().queryParam("actor", viewer.get("name")).get("/api/audit").then()
                .body("size()", equalTo(1))
                .body("[0].action", equalTo("POST /api/rollouts/{id}/abort"))
                .body("[0].target", equalTo("r-1"))
                .body("[0].detail.params.id", equalTo("r-1"))
                .body("[0].detail.body.why", equalTo("curious"))
                .body("[0].detail.status", equalTo(403))
                .body("[0].outcome", startsWith("403 forbidden: role operator or above is needed"));

        String sneaky = "sneaky-" + UUID.randomUUID().toString().substring(0, 8);
        given().noFilters().contentType(ContentType.JSON).body(Map.of("name", sneaky, "role", "admin"))
                .post("/api/tokens").then().statusCode(401);
        await().atMost(WAIT).untilAsserted(() -> given().queryParam("actor", "anonymous").get("/api/audit").then()
                .body("find { it.action == 'POST /api/tokens' }.outcome", startsWith("401 unauthorized"))
                .body("find { it.action == 'POST /api/tokens' }.detail.body", nullValue())
                .body("detail.body.name", not(hasItem(sneaky))));
        // reads are not audited
        given().queryParam("actor", viewer.get("name")).get("/api/audit").then().body("action",
                not(hasItem(startsWith("GET"))));
    }

    /**
     * A 401 storm from one address makes one row a minute per route, its count the storm's size, not a row (and a
     * body) per request. The storm comes from its own loopback address, so no other test's refusals mix in.
     */
    @Test
    void unauthenticatedRequestsFromOneSourceInOneMinuteAreOneRowWithTheirCount() throws Exception {
        int storm = 200;
        String source = "127.0.0.23";
        RestAssuredConfig fromSource = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.route.local-address", InetAddress.getByName(source)));
        // all in one minute: started early in it (waiting on the clock, not pausing), they take a few seconds
        await().atMost(Duration.ofSeconds(30)).until(() -> LocalTime.now(ZoneOffset.UTC).getSecond() < 40);
        for (int i = 0; i < storm; i++) {
            given().noFilters().config(fromSource).contentType(ContentType.JSON).body(Map.of("junk", "x".repeat(1000)))
                    .header("Authorization", "Bearer " + TokenSecrets.generate())
                    .put("/api/automation/rules/{name}", "storm-" + i).then().statusCode(401);
        }

        await().atMost(WAIT).untilAsserted(() -> given().queryParam("target", source).get("/api/audit").then()
                .statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].actor", equalTo("anonymous"))
                .body("[0].action", equalTo("PUT /api/automation/rules/{name}"))
                .body("[0].count", equalTo(storm))
                .body("[0].at", endsWith(":00Z"))
                .body("[0].outcome", startsWith("401 unauthorized"))
                .body("[0].detail.source", equalTo(source))
                .body("[0].detail.body", nullValue()));
        assertEquals("1 " + storm, single("SELECT count(*) || ' ' || sum(count) FROM audit_events WHERE target = ?",
                source));
    }

    @Test
    void noSecretReachesTheAuditTrailEvenWhenPastedIntoABody() throws SQLException {
        Map<String, String> admin = issue("admin");
        String issued = as(admin).body(Map.of("name", "from-admin-" + UUID.randomUUID().toString().substring(0, 8),
                "role", "viewer")).post("/api/tokens").then().statusCode(201).extract().path("token");
        as(admin).body(Map.of("hosts", new String[] {admin.get("secret")})).post("/api/hosts/select").then()
                .statusCode(200);
        given().queryParam("actor", admin.get("name")).get("/api/audit").then()
                .body("action", hasItem("POST /api/tokens"))
                .body("find { it.action == 'POST /api/hosts/select' }.detail.body.hosts[0]", equalTo("tf_[redacted]"));
        for (String secret : new String[] {issued, admin.get("secret")}) {
            assertEquals("0", single("SELECT count(*) FROM audit_events e"
                    + " WHERE strpos(CAST(row_to_json(e) AS text), ?) > 0", secret));
        }
    }

    private String single(String sql, String parameter) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getString(1);
            }
        }
    }
}
