package dev.tcpfleet.controlplane.profiles;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.domain.profiles.BuiltInProfiles;
import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class ProfileApiTest {
    private static final String SOMAXCONN = "net.core.somaxconn";
    private static final String KEEPALIVE = "net.ipv4.tcp_keepalive_time";

    String name;

    @BeforeEach
    void aFreshName() {
        name = "web-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aNewProfileIsVersionOneAndAChangeAddsVersionTwo() {
        put(name, "web tier", Map.of(SOMAXCONN, "4096")).statusCode(201)
                .header("Location", endsWith("/api/profiles/" + name))
                .body("name", equalTo(name))
                .body("version", equalTo(1))
                .body("description", equalTo("web tier"))
                .body("settings", equalTo(Map.of(SOMAXCONN, "4096")))
                .body("createdAt", notNullValue())
                .body("builtIn", equalTo(false));

        put(name, "web tier", Map.of(SOMAXCONN, "8192", KEEPALIVE, "300")).statusCode(200)
                .body("version", equalTo(2));

        given().get("/api/profiles/{name}", name).then().statusCode(200)
                .body("version", equalTo(2))
                .body("settings", equalTo(Map.of(SOMAXCONN, "8192", KEEPALIVE, "300")));
        given().get("/api/profiles/{name}/versions/1", name).then().statusCode(200)
                .body("version", equalTo(1))
                .body("settings", equalTo(Map.of(SOMAXCONN, "4096")));
        given().get("/api/profiles/{name}/versions", name).then().statusCode(200)
                .body("version", equalTo(List.of(1, 2)));
    }

    @Test
    void theSameContentAgainAddsNoVersion() {
        put(name, "buffers", Map.of("net.ipv4.tcp_rmem", "4096 87380 16777216")).statusCode(201);
        // Whitespace is normalised as the kernel prints it, so this is the same value.
        put(name, "buffers", Map.of("net.ipv4.tcp_rmem", "4096\t87380  16777216")).statusCode(200)
                .body("version", equalTo(1));
        put(name, "buffers, described better", Map.of("net.ipv4.tcp_rmem", "4096 87380 16777216")).statusCode(200)
                .body("version", equalTo(2));
        given().get("/api/profiles/{name}/versions", name).then().body("$", hasSize(2));
    }

    @Test
    void theListHasTheBuiltInsFlaggedAndTheStoredProfiles() {
        put(name, "", Map.of(SOMAXCONN, "1024")).statusCode(201);
        ValidatableResponse list = given().get("/api/profiles").then().statusCode(200).contentType(ContentType.JSON);
        for (var builtIn : BuiltInProfiles.all()) {
            list.body("find { it.name == '" + builtIn.name() + "' }.builtIn", equalTo(true))
                    .body("find { it.name == '" + builtIn.name() + "' }.version", equalTo(1));
        }
        list.body("find { it.name == '" + name + "' }.builtIn", equalTo(false));
        given().get("/api/profiles/{name}", BuiltInProfiles.PROD).then().statusCode(200)
                .body("builtIn", equalTo(true))
                .body("settings.'net.ipv4.tcp_keepalive_time'", equalTo("300"));
        given().get("/api/profiles/{name}/versions", BuiltInProfiles.PROD).then().statusCode(200)
                .body("version", equalTo(List.of(1)));
    }

    @Test
    void builtInProfilesAreReadOnly() {
        put(BuiltInProfiles.PROD, "mine now", Map.of(SOMAXCONN, "1024")).statusCode(409)
                .body("error", equalTo("conflict"))
                .body("field", equalTo("name"))
                .body("detail", containsString("built-in"));
        given().delete("/api/profiles/{name}", BuiltInProfiles.PROD).then().statusCode(409)
                .contentType(ContentType.JSON).body("field", equalTo("name"));
    }

    @Test
    void aRemovedKeyIsA400NamingTheKey() {
        put(name, "", Map.of("net.ipv4.tcp_tw_recycle", "1")).statusCode(400)
                .body("error", equalTo("invalid_request"))
                .body("field", equalTo("settings.net.ipv4.tcp_tw_recycle"))
                .body("detail", containsString("4.12"));
        given().get("/api/profiles/{name}", name).then().statusCode(404);
    }

    @Test
    void aKeyOutsideNetIsA400() {
        put(name, "", Map.of("kernel.pid_max", "4194304")).statusCode(400)
                .body("field", equalTo("settings.kernel.pid_max"))
                .body("detail", containsString("net.*"));
    }

    @Test
    void everyViolationIsReported() {
        put(name, "", Map.of("kernel.pid_max", "4194304", "net.ipv4.tcp_tw_recycle", "1", SOMAXCONN, "1024"))
                .statusCode(400)
                .body("field", equalTo("settings.kernel.pid_max"))
                .body("detail", containsString("settings.kernel.pid_max: "))
                .body("detail", containsString("settings.net.ipv4.tcp_tw_recycle: "))
                .body("violations.field", equalTo(List.of("settings.kernel.pid_max", "settings.net.ipv4.tcp_tw_recycle")));
    }

    @Test
    void aBadNameIsA400NamingName() {
        put("Web Tier!", "", Map.of(SOMAXCONN, "1024")).statusCode(400)
                .body("field", equalTo("name"))
                .body("detail", containsString("lowercase"));
    }

    @Test
    void bodiesThatAreNotAProfileAre400s() {
        putRaw("{\"settings\": {").statusCode(400).body("error", equalTo("invalid_request"))
                .body("detail", containsString("not valid JSON"));
        putRaw("[1, 2]").statusCode(400).body("error", equalTo("invalid_request"));
        putRaw("").statusCode(400).body("error", equalTo("invalid_request"));
        putRaw("{\"description\": \"no settings\"}").statusCode(400).body("field", equalTo("settings"));
        putRaw("{\"settings\": {}}").statusCode(400).body("field", equalTo("settings"));
        putRaw("{\"settings\": \"net.core.somaxconn=1024\"}").statusCode(400).body("field", equalTo("settings"));
        putRaw("{\"settings\": {\"net.core.somaxconn\": 1024}}").statusCode(400)
                .body("field", equalTo("settings.net.core.somaxconn"))
                .body("detail", containsString("number"));
        putRaw("{\"settings\": {\"net.core.somaxconn\": {\"x\": 1}}}").statusCode(400)
                .body("field", equalTo("settings.net.core.somaxconn"));
        putRaw("{\"settings\": {\"net.core.somaxconn\": null}}").statusCode(400)
                .body("field", equalTo("settings.net.core.somaxconn"));
        putRaw("{\"description\": {\"a\": 1}, \"settings\": {\"net.core.somaxconn\": \"1\"}}").statusCode(400)
                .body("field", equalTo("description"));
        given().get("/api/profiles/{name}", name).then().statusCode(404);
    }

    @Test
    void unknownProfilesAre404s() {
        given().get("/api/profiles/{name}", name).then().statusCode(404).contentType(ContentType.JSON)
                .body("error", equalTo("not_found"))
                .body("detail", containsString(name));
        given().get("/api/profiles/{name}/versions", name).then().statusCode(404).body("error", equalTo("not_found"));
        given().get("/api/profiles/{name}/versions/1", name).then().statusCode(404);
        given().delete("/api/profiles/{name}", name).then().statusCode(404);
        put(name, "", Map.of(SOMAXCONN, "1024")).statusCode(201);
        given().get("/api/profiles/{name}/versions/2", name).then().statusCode(404);
        given().get("/api/profiles/{name}/versions/two", name).then().statusCode(400).body("field", equalTo("version"));
    }

    @Test
    void aDeletedProfileKeepsItsHistoryAndNumberingGoesOn() {
        put(name, "", Map.of(SOMAXCONN, "1024")).statusCode(201);
        put(name, "", Map.of(SOMAXCONN, "2048")).statusCode(200);

        given().delete("/api/profiles/{name}", name).then().statusCode(204);

        given().get("/api/profiles").then().body("name", not(hasItem(name)));
        given().get("/api/profiles/{name}", name).then().statusCode(404);
        given().delete("/api/profiles/{name}", name).then().statusCode(404);
        given().get("/api/profiles/{name}/versions", name).then().statusCode(200).body("version", equalTo(List.of(1, 2)));
        given().get("/api/profiles/{name}/versions/2", name).then().statusCode(200)
                .body("settings", equalTo(Map.of(SOMAXCONN, "2048")));

        // The same content as before the deletion still makes a version: the profile comes back from here on.
        put(name, "", Map.of(SOMAXCONN, "2048")).statusCode(201).body("version", equalTo(3));
        given().get("/api/profiles").then().body("find { it.name == '" + name + "' }.version", equalTo(3));
    }

    @Test
    void concurrentChangesGetOneVersionEach() throws Exception {
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Integer>> statuses = IntStream.range(0, writers)
                    .mapToObj(i -> pool.submit(() -> put(name, "", Map.of(SOMAXCONN, String.valueOf(1000 + i)))
                            .extract().statusCode()))
                    .toList();
            int created = 0;
            for (Future<Integer> status : statuses) {
                int code = status.get();
                created += code == 201 ? 1 : 0;
                assertTrue(code == 200 || code == 201, "status " + code);
            }
            assertEquals(1, created);
        } finally {
            pool.shutdownNow();
        }
        given().get("/api/profiles/{name}/versions", name).then().statusCode(200)
                .body("version", equalTo(IntStream.rangeClosed(1, writers).boxed().toList()));
    }

    private static ValidatableResponse put(String name, String description, Map<String, String> settings) {
        return given().contentType(ContentType.JSON).body(Map.of("description", description, "settings", settings))
                .put("/api/profiles/{name}", name).then().contentType(ContentType.JSON);
    }

    private ValidatableResponse putRaw(String body) {
        return given().contentType(ContentType.JSON).body(body).put("/api/profiles/{name}", name).then()
                .contentType(ContentType.JSON);
    }
}
