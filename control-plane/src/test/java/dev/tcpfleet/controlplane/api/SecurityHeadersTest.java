package dev.tcpfleet.controlplane.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The browser-facing security headers, on answers of every kind: API, refusals, unknown paths, the dashboard. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class SecurityHeadersTest {
    static final String POLICY = "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
            + " frame-ancestors 'none'";

    static Stream<Arguments> answers() {
        return Stream.of(
                Arguments.of("an API answer", true, "/api/hosts", 200),
                Arguments.of("a 401", false, "/api/hosts", 401),
                Arguments.of("a 404 of the API", true, "/api/no-such-thing", 404),
                Arguments.of("a 404 outside it", false, "/no-such-page", 404),
                Arguments.of("the dashboard's page", false, "/dashboard/index.html", 200),
                Arguments.of("the dashboard's script", false, "/dashboard/dashboard.js", 200),
                Arguments.of("the root page", false, "/", 200));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void everyAnswerForbidsFramingSniffingReferrersAndForeignContent(String what, boolean withToken, String path,
            int status) {
        var request = withToken ? given() : given().noFilters();
        request.get(path).then().statusCode(status)
                .header("Content-Security-Policy", equalTo(POLICY))
                .header("X-Frame-Options", equalTo("DENY"))
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .header("Referrer-Policy", equalTo("no-referrer"));
    }

    @Test
    void apiAnswersAreNeverStoredSinceSomeCarryATokensSecret() {
        ValidatableResponse issued = given().contentType(ContentType.JSON)
                .body(Map.of("name", "headers-" + UUID.randomUUID().toString().substring(0, 8), "role", "viewer"))
                .post("/api/tokens").then().statusCode(201).body("token", containsString("tf_"));
        issued.header("Cache-Control", equalTo("no-store"));
        given().noFilters().get("/api/hosts").then().statusCode(401).header("Cache-Control", equalTo("no-store"));
    }
}
