package dev.tcpfleet.e2e;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fleet simulator against the real control plane, broker and database: its virtual hosts register through
 * their snapshots, answer a signed apply sent to the whole fleet by really changing their sysctls, and run a
 * campaign whose merged result counts every host's connections.
 */
class FleetSimulatorIT {
    private static final int HOSTS = 400;
    private static final Duration WAIT = Duration.ofMinutes(2);

    static SimulatedFleet fleet;

    @BeforeAll
    static void start() {
        fleet = SimulatedFleet.start(HOSTS, "sim-", Duration.ofSeconds(2));
    }

    @AfterAll
    static void stop() {
        if (fleet != null) {
            fleet.close();
        }
    }

    private static RequestSpecification api() {
        return fleet.api();
    }

    @Test
    void everyVirtualHostRegistersAnswersAnApplyAndRunsACampaign() {
        await().atMost(WAIT).untilAsserted(() -> api().get("/api/hosts").then().body("size()", equalTo(HOSTS)));

        api().body(Map.of("description", "simulated fleet", "settings", Map.of("net.core.somaxconn", "8192",
                "net.ipv4.tcp_fin_timeout", "30"))).put("/api/profiles/sim-tuning").then().statusCode(201);
        String apply = api().body(Map.of("action", "apply", "selector", Map.of("all", true), "profile", "sim-tuning"))
                .post("/api/commands").then().statusCode(202).extract().path("id");
        await().atMost(WAIT).untilAsserted(() -> api().get("/api/commands/{id}", apply).then()
                .body("hosts.findAll { it.outcome == 'APPLIED' }.size()", equalTo(HOSTS)));
        assertEquals("8192", fleet.simulator.sysctls("sim-7").get("net.core.somaxconn"));

        String campaign = api().body(Map.of("selector", Map.of("labels", "role=role-3"), "target", "10.0.0.5:80",
                "connections", 200, "concurrency", 10, "rate", 1000, "durationSeconds", 5))
                .post("/api/campaigns").then().statusCode(202).extract().path("id");
        int role3 = HOSTS / 8;
        await().atMost(WAIT).untilAsserted(() -> api().get("/api/campaigns/{id}", campaign).then()
                .body("hosts.findAll { it.status == 'DONE' }.size()", equalTo(role3))
                .body("fleet.attempted", equalTo(role3 * 200)));
        assertEquals(0, fleet.simulator.counts().refused(), "every command carried the control plane's signature");
    }
}
