package dev.tcpfleet.e2e;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tcpfleet.testing.NetNamespace;
import dev.tcpfleet.testing.sockets.SocketFixtureProcess;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Alert-driven automation on real hosts (network namespaces, each with its agent): a TIME_WAIT surge on host-0
 * fires an alert; the first of two automation rules answering it applies a profile to host-0 through a rollout, and
 * the test reads the change in host-0's own /proc/sys; the second rule's action is stopped by the cooldown; host-1
 * is never touched; the closed loop keeps the apply, since the figure did not get worse (the judge finds no
 * difference: the surge is on host-0 before and after the apply alike).
 */
class AutomationIT {
    // per-namespace keys only, so each host's kernel values are its own
    private static final Map<String, String> PROFILE = new TreeMap<>(Map.of(
            "net.core.somaxconn", "4096",
            "net.ipv4.tcp_keepalive_time", "300",
            "net.ipv4.tcp_fin_timeout", "15"));
    private static final Duration WAIT = Duration.ofMinutes(2);

    static TestFleet fleet;

    @BeforeAll
    static void startFleet() throws IOException {
        assumeTrue(NetNamespace.supported(), "needs root and iproute2 to create network namespaces");
        fleet = TestFleet.start(2, network -> Map.of("tcpfleet.rollouts.tick", "1s",
                "tcpfleet.automation.tick", "1s", "tcpfleet.changes.effect-window", "3s",
                "tcpfleet.changes.late-snapshots", "0s", "tcpfleet.changes.measure-interval", "1s"));
        fleet.startAgents();
    }

    @AfterAll
    static void stopFleet() {
        if (fleet != null) {
            fleet.close();
        }
    }

    private static RequestSpecification api() {
        return fleet.api().contentType(ContentType.JSON);
    }

    private static void alertRule(String name, int threshold, int expectedStatus) {
        api().body(Map.of("metric", "time_wait", "comparison", "above", "threshold", threshold, "severity",
                "warning")).put("/api/alerts/rules/{name}", name).then().statusCode(expectedStatus);
    }

    private static void automationRule(String name, String alertRule) {
        api().body(Map.of("alertRule", alertRule, "action", "apply_profile", "profile", "automation-tw",
                        "bakeSeconds", 2, "mode", "auto", "cooldownSeconds", 3600))
                .put("/api/automation/rules/{name}", name).then().statusCode(201);
    }

    private static Map<String, Object> action(String rule, String state) {
        return await().atMost(WAIT).until(() -> api().get("/api/automation/actions").then().statusCode(200)
                .extract().<Map<String, Object>>path("find { it.rule == '" + rule + "' }"),
                action -> action != null && state.equals(action.get("state")));
    }

    /** Whether host-0 reported the surge in every snapshot of the last {@code length}, and in enough of them. */
    private static boolean surgeSteadyFor(Duration length) {
        List<Integer> timeWait = api().queryParam("from", Instant.now().minus(length).toString())
                .get("/api/hosts/host-0/snapshots").then().statusCode(200).extract()
                .path("snapshot.tcpStates.TIME_WAIT");
        return timeWait.size() >= length.toSeconds() / 2 - 1 && timeWait.stream().allMatch(tw -> tw != null && tw >= 300);
    }

    @Test
    void aFiringAlertTunesTheAlertingHostOnceAndTheClosedLoopKeepsIt() {
        Map<String, String> host1Before = fleet.live(1, PROFILE.keySet());
        assertEquals(false, PROFILE.equals(fleet.live(0, PROFILE.keySet())), "host-0 starts untuned");
        api().body(Map.of("description", "for TIME_WAIT surges", "settings", PROFILE))
                .put("/api/profiles/automation-tw").then().statusCode(201);
        // out of reach until the surge is there, so host-0's first breaching figure is the whole surge
        alertRule("tw-high", 1_000_000, 201);
        // two rules answer the same alert: the first (by name) acts, the second finds the host held by its action
        automationRule("tune-a", "tw-high");
        automationRule("tune-b", "tw-high");

        // 400 connections closed by their client: TIME_WAIT on host-0 for a minute, past the whole test
        try (SocketFixtureProcess surge = SocketFixtureProcess.start(fleet.host(0),
                List.of("listen@127.0.0.1:7001", "timewait=400@127.0.0.1:7001"))) {
            // the judge compares as long a window before the apply as after it (with one other host, too few for a
            // baseline, host-0 before and after): the surge must be steady there, not start inside it
            await().atMost(WAIT).until(() -> surgeSteadyFor(Duration.ofSeconds(16)));
            alertRule("tw-high", 200, 200);

            Map<String, Object> acted = action("tune-a", "STARTED");
            assertEquals(List.of("host-0"), acted.get("hostIds"));
            api().get("/api/rollouts/{id}", acted.get("rolloutId")).then()
                    .body("spec.metricChecks.metric", equalTo(List.of("time_wait")))
                    .body("spec.toleratedAlerts", equalTo(List.of("tw-high")))
                    .body("startedBy", equalTo("automation:tune-a")).body("actionId", equalTo(acted.get("id")));
            await().atMost(WAIT).until(() -> PROFILE.equals(fleet.live(0, PROFILE.keySet())));

            Map<String, Object> skipped = action("tune-b", "SKIPPED");
            api().get("/api/automation/actions/{id}", skipped.get("id")).then()
                    .body("reason", startsWith("host host-0 has an open automation action " + acted.get("id")));

            api().get("/api/automation/actions/{id}", action("tune-a", "KEPT").get("id")).then()
                    .body("reason", startsWith("kept: "))
                    .body("judgement.hosts.host-0.before", greaterThanOrEqualTo(300f));
            api().get("/api/rollouts/{id}", acted.get("rolloutId")).then().body("state", equalTo("COMPLETED"));
        }
        assertEquals(PROFILE, fleet.live(0, PROFILE.keySet()), "the closed loop kept the apply");
        String actionId = (String) action("tune-a", "KEPT").get("id");
        api().queryParam("host", "host-0").get("/api/changes").then()
                .body("findAll { it.actionId == '" + actionId + "' }.collect { it.type + ' ' + it.actor + ' '"
                        + " + it.rolloutId }", equalTo(List.of("apply automation:tune-a " + actionId)));
        assertEquals(host1Before, fleet.live(1, PROFILE.keySet()), "host-1 never alerted and was never touched");
        api().queryParam("target", action("tune-a", "KEPT").get("id")).get("/api/audit").then()
                .body("actor.unique()", equalTo(List.of("automation:tune-a")))
                .body("find { it.action == 'automation.decide' }.detail.alert.rule", equalTo("tw-high"));
    }
}
