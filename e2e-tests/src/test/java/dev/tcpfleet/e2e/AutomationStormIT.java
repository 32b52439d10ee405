package dev.tcpfleet.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An alert storm over more hosts than the rollout cap, on simulated hosts with the real control plane, broker and
 * database: a host rule fires on all six hosts at once, an automatic apply rule answers each, and with room for two
 * rollouts at a time the rest wait queued and start in turn as room frees. No action fails for want of room, and
 * every host is acted on.
 */
class AutomationStormIT {
    private static final int HOSTS = 6;
    private static final int MAX_ACTIVE = 2;
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final Set<String> ENDED = Set.of("KEPT", "ROLLED_BACK", "SKIPPED", "FAILED", "EXPIRED");
    private static final Pattern QUEUE_LENGTH =
            Pattern.compile("(?m)^tcpfleet_automation_queue_length(?:\\{[^}]*})? (\\S+)$");

    static SimulatedFleet fleet;

    @BeforeAll
    static void start() {
        fleet = SimulatedFleet.start(HOSTS, "storm-", Duration.ofSeconds(1), Map.of(
                "tcpfleet.rollouts.max-active", String.valueOf(MAX_ACTIVE), "tcpfleet.rollouts.tick", "1s",
                "tcpfleet.automation.tick", "1s", "tcpfleet.changes.effect-window", "3s",
                "tcpfleet.changes.late-snapshots", "0s", "tcpfleet.changes.measure-interval", "1s",
                // the storm is under test, not the verdict: an inconclusive one is kept within the test's wait
                "tcpfleet.judge.closed-loop-max-wait", "30s"));
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

    private static void alertRule(int threshold, int expectedStatus) {
        api().body(Map.of("metric", "established", "comparison", "above", "threshold", threshold, "clearThreshold",
                1, "severity", "warning")).put("/api/alerts/rules/{name}", "storm").then().statusCode(expectedStatus);
    }

    private static List<Map<String, Object>> actions() {
        return api().queryParam("limit", 1000).get("/api/automation/actions").then().statusCode(200).extract()
                .<List<Map<String, Object>>>path("findAll { it.rule == 'storm-tune' }");
    }

    private static double queueLength() {
        Matcher length = QUEUE_LENGTH.matcher(api().get("/q/metrics").then().statusCode(200).extract().asString());
        assertTrue(length.find(), "no tcpfleet_automation_queue_length in /q/metrics");
        return Double.parseDouble(length.group(1));
    }

    @Test
    void anAlertStormOverMoreHostsThanTheRolloutCapEndsWithEveryHostActedOnInTurn() {
        await().atMost(WAIT).untilAsserted(() -> assertEquals(HOSTS, api().get("/api/hosts").then()
                .extract().<List<?>>path("").size()));
        api().body(Map.of("description", "storm", "settings", Map.of("net.core.somaxconn", "8192",
                "net.ipv4.tcp_fin_timeout", "30"))).put("/api/profiles/storm-tuning").then().statusCode(201);
        alertRule(1_000_000, 201); // out of reach until the automation rule is there
        api().body(Map.of("alertRule", "storm", "action", "apply_profile", "profile", "storm-tuning",
                "bakeSeconds", 1, "mode", "auto", "cooldownSeconds", 3600))
                .put("/api/automation/rules/{name}", "storm-tune").then().statusCode(201);

        alertRule(5, 200); // every simulated host keeps more than 5 connections: all six fire at once
        AtomicInteger longestQueue = new AtomicInteger();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).until(() -> {
            longestQueue.accumulateAndGet((int) queueLength(), Math::max);
            List<Map<String, Object>> actions = actions();
            assertTrue(actions.stream().noneMatch(a -> "FAILED".equals(a.get("state"))), actions::toString);
            return actions.size() == HOSTS && actions.stream().allMatch(a -> ENDED.contains(a.get("state")));
        });

        List<Map<String, Object>> actions = actions();
        Set<String> hosts = IntStream.range(0, HOSTS).mapToObj(i -> "storm-" + i)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(hosts, actions.stream().map(a -> ((List<?>) a.get("hostIds")).get(0).toString())
                .collect(Collectors.toCollection(TreeSet::new)), "every host was acted on, once");
        for (Map<String, Object> action : actions) {
            assertNotNull(action.get("rolloutId"), "never started: " + action);
            assertNotNull(action.get("startedAt"), "never started: " + action);
            assertTrue(Set.of("KEPT", "ROLLED_BACK").contains(action.get("state")), action.toString());
        }
        assertTrue(longestQueue.get() > 0, "no action was ever seen queued");
        assertTrue(actions.stream().anyMatch(a -> a.get("queuedAt") != null),
                "no action waited in the queue: " + actions);
        await().atMost(WAIT).until(() -> queueLength() == 0);
    }
}
