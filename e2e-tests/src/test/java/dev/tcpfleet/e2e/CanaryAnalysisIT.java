package dev.tcpfleet.e2e;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.oneOf;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tcpfleet.testing.NetNamespace;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The canary judge on real hosts (network namespaces, each with its agent) under the same TIME_WAIT load: each host
 * runs a generator of short connections its client closes first, so every connection leaves a TIME_WAIT socket for
 * the kernel's 60 s. The canary (host-0) is judged against the three others as its baseline, over the same windows.
 * A change that does nothing while the load falls on every host is not credited; one that truly lowers TIME_WAIT
 * ({@code tcp_max_tw_buckets} at the catalogue's minimum, under the load's level) is BETTER.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CanaryAnalysisIT {
    private static final int HOSTS = 4;
    /** Connections a second per host: TIME_WAIT climbs by this much a second for the kernel's 60 s. */
    private static final int RATE = 40;
    private static final Duration WAIT = Duration.ofMinutes(2);
    /** A connection generator: listens on 127.0.0.1:7100, connects RATE times a second, the client closing first. */
    private static final String GENERATOR = """
            import socket, sys, threading, time
            rate, seconds = float(sys.argv[1]), float(sys.argv[2])
            server = socket.socket()
            server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            server.bind(('127.0.0.1', 7100))
            server.listen(1024)
            def serve():
                while True:
                    conn, _ = server.accept()
                    conn.recv(1)  # the client's FIN: it closed first and keeps the TIME_WAIT
                    conn.close()
            threading.Thread(target=serve, daemon=True).start()
            start = time.monotonic()
            sent = 0
            while time.monotonic() - start < seconds:
                if sent < (time.monotonic() - start) * rate:
                    client = socket.create_connection(('127.0.0.1', 7100))
                    client.close()
                    sent += 1
                else:
                    time.sleep(0.005)
            time.sleep(3600)
            """;

    static TestFleet fleet;
    private final List<Process> generators = new ArrayList<>();

    @BeforeAll
    static void startFleet() throws IOException {
        assumeTrue(NetNamespace.supported(), "needs root and iproute2 to create network namespaces");
        fleet = TestFleet.start(HOSTS, network -> Map.of("tcpfleet.rollouts.tick", "1s"));
        fleet.startAgents();
    }

    @AfterAll
    static void stopFleet() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @AfterEach
    void stopGenerators() {
        generators.forEach(Process::destroyForcibly);
        generators.clear();
    }

    private static RequestSpecification api() {
        return fleet.api().contentType(ContentType.JSON);
    }

    /** Starts the same load on every host at once: RATE connections a second for {@code seconds}. */
    private void startLoad(int seconds) throws IOException {
        for (int i = 0; i < HOSTS; i++) {
            generators.add(fleet.host(i).command("python3", "-c", GENERATOR, String.valueOf(RATE),
                    String.valueOf(seconds)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start());
        }
    }

    /** Whether host {@code host} reported at least {@code level} in every snapshot of the last {@code length}. */
    private static boolean heldFor(int host, Duration length, int level) {
        List<Integer> timeWait = api().queryParam("from", Instant.now().minus(length).toString())
                .get("/api/hosts/host-{i}/snapshots", host).then().statusCode(200).extract()
                .path("snapshot.tcpStates.TIME_WAIT");
        return timeWait.size() >= length.toSeconds() / 2 - 1
                && timeWait.stream().allMatch(tw -> tw != null && tw >= level);
    }

    /** A rollout of {@code settings} to host-0 alone, judged on time_wait against the three other hosts. */
    private static String rollout(String profile, Map<String, String> settings, int bakeSeconds) {
        api().body(Map.of("description", "canary analysis", "settings", settings)).put("/api/profiles/" + profile)
                .then().statusCode(201);
        return api().body(Map.of("profile", profile, "selector", Map.of("hosts", List.of("host-0")),
                        "baseline", Map.of("hosts", List.of("host-1", "host-2", "host-3")),
                        "bakeSeconds", bakeSeconds,
                        "metricChecks", List.of(Map.of("metric", "time_wait", "tolerancePercent", 15, "absolute", 50))))
                .post("/api/rollouts").then().statusCode(201)
                .body("spec.baselineHosts", equalTo(List.of("host-1", "host-2", "host-3")))
                .extract().path("id");
    }

    @Test
    @Order(1)
    void aChangeThatDoesNothingWhileTheLoadFallsIsNotCreditedWithTheFall() throws IOException {
        // 25 s of connections: TIME_WAIT climbs for 25 s, holds, and from 60 s falls to 0 over 25 s on every host;
        // the rollout goes out once it held for 20 s, so its bake sees the fall, and as long a window before it the hold
        startLoad(25);
        int held = (int) (RATE * 25 * 0.9);
        await().atMost(WAIT).until(() -> heldFor(0, Duration.ofSeconds(20), held)
                && heldFor(3, Duration.ofSeconds(20), held));
        String id = rollout("canary-fin-timeout", Map.of("net.ipv4.tcp_fin_timeout", "20"), 30);

        await().atMost(WAIT).untilAsserted(() -> api().get("/api/rollouts/{id}", id).then()
                .body("state", equalTo("COMPLETED")));
        api().get("/api/rollouts/{id}", id).then()
                .body("waves[0].verdicts[0].mode", equalTo("baseline"))
                .body("waves[0].verdicts[0].weaker", is(false))
                .body("waves[0].verdicts[0].test", equalTo("Mann-Whitney U"))
                .body("waves[0].verdicts[0].result", oneOf("NO_DIFFERENCE", "INCONCLUSIVE"));
    }

    @Test
    @Order(2)
    void aChangeThatTrulyLowersTimeWaitUnderTheSameLoadAsItsBaselineIsBetter() throws IOException {
        // the first test's TIME_WAIT is gone (the kernel's 60 s) before this load climbs past the cap
        await().atMost(WAIT).until(() -> fleet.latestTimeWait(0) < 100 && fleet.latestTimeWait(3) < 100);
        startLoad(600);
        // TIME_WAIT levels off at 60 s of connections; the judge's window before the rollout (as long as the bake)
        // must see the level, not the climb, or the baseline's trend and the canary's spread would hide the cap
        int steady = (int) (RATE * 60 * 0.9);
        await().atMost(WAIT.multipliedBy(2)).until(() -> heldFor(0, Duration.ofSeconds(40), steady)
                && heldFor(3, Duration.ofSeconds(40), steady));
        // the cap drains TIME_WAIT from 2,400 to 1,024 over some 35 s (no new one until the old ones expire): a 40 s
        // bake sees most of the drop
        String id = rollout("canary-tw-buckets", Map.of("net.ipv4.tcp_max_tw_buckets", "1024"), 40);

        await().atMost(WAIT.multipliedBy(2)).untilAsserted(() -> api().get("/api/rollouts/{id}", id).then()
                .body("state", equalTo("COMPLETED")));
        api().get("/api/rollouts/{id}", id).then()
                .body("waves[0].gate", equalTo("PASS"))
                .body("waves[0].verdicts[0].metric", equalTo("time_wait"))
                .body("waves[0].verdicts[0].mode", equalTo("baseline"))
                .body("waves[0].verdicts[0].result", equalTo("BETTER"))
                .body("waves[0].verdicts[0].baseline.hosts", equalTo(List.of("host-1", "host-2", "host-3")))
                .body("waves[0].verdicts[0].summary",
                        startsWith("time_wait lower on the canary than expected from 3 baseline"));
        assertEquals(Map.of("net.ipv4.tcp_max_tw_buckets", "1024"),
                fleet.live(0, List.of("net.ipv4.tcp_max_tw_buckets")));
        fleet.api().get("/q/metrics").then()
                .body(containsString("tcpfleet_judge_verdicts_total{result=\"better\",source=\"gate\",}"));
    }
}
