package dev.tcpfleet.controlplane.alerts.delivery;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.controlplane.SnapshotMessages;
import dev.tcpfleet.protocol.AlertEvent;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.testing.KafkaBrokerProcess;
import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Alert changes reach the alerts topic and a real webhook receiver that fails each FIRING twice before taking it,
 * on the scheduled rounds of the %test profile (every second) as well as when woken.
 */
@QuarkusTest
@TestProfile(AlertNotificationTest.Webhook.class)
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class AlertNotificationTest {
    static final String RULE = "connections-high";
    static final Map<Long, AtomicInteger> TRIES = new ConcurrentHashMap<>();
    /** Hosts whose posts the receiver holds until two arrive at once (or two seconds pass), to see them overlap. */
    static volatile String heldHosts = "none";
    static final AtomicInteger IN_FLIGHT = new AtomicInteger();
    static final AtomicInteger MOST_AT_ONCE = new AtomicInteger();
    static final CountDownLatch TWO_AT_ONCE = new CountDownLatch(1);
    static final WebhookReceiver RECEIVER = new WebhookReceiver(AlertNotificationTest::answer);

    private static int answer(AlertEvent event) {
        if (event.hostId().startsWith(heldHosts)) {
            MOST_AT_ONCE.accumulateAndGet(IN_FLIGHT.incrementAndGet(), Math::max);
            try {
                if (MOST_AT_ONCE.get() >= 2) {
                    TWO_AT_ONCE.countDown();
                }
                TWO_AT_ONCE.await(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                IN_FLIGHT.decrementAndGet();
            }
        }
        boolean refused = event.to().equals("FIRING")
                && TRIES.computeIfAbsent(event.eventId(), id -> new AtomicInteger()).incrementAndGet() <= 2;
        return refused ? 503 : 204;
    }

    public static class Webhook implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tcpfleet.alerts.webhook-url", RECEIVER.url());
        }
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.stop();
    }

    KafkaBrokerProcess broker;

    /** Two snapshots two minutes apart over the rule's threshold: it goes pending, then fires. */
    static List<SnapshotMessages.Keyed> firing(String host, Instant t0) {
        return List.of(keyed(host, t0, 1_600), keyed(host, t0.plusSeconds(120), 1_600));
    }

    static SnapshotMessages.Keyed keyed(String host, Instant at, int established) {
        return new SnapshotMessages.Keyed(host, ProtocolJson.write(SnapshotMessages.snapshot(host, at, Map.of(),
                established)));
    }

    /** Ten minutes ago, so that the host-stale alert fires as well: only {@link #RULE} is looked at. */
    static Instant tenMinutesAgo() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(10));
    }

    @Test
    void aFiringAlertIsPublishedAndPostedAfterTheWebhookFailedTwice() {
        String host = "notify-" + UUID.randomUUID();
        try (SnapshotMessages messages = new SnapshotMessages(broker)) {
            messages.sendTogether(firing(host, tenMinutesAgo()));
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> !RECEIVER.taken(host, RULE).isEmpty());
        assertEquals(List.of("FIRING"), RECEIVER.taken(host, RULE), "pending is not posted");
        long posted = RECEIVER.taken.stream().filter(e -> host.equals(e.hostId()) && RULE.equals(e.rule()))
                .findFirst().orElseThrow().eventId();
        given().get("/api/alerts/events").then().statusCode(200)
                .body("find { it.event.eventId == " + posted + " }.webhookAttempts", equalTo(3))
                .body("find { it.event.eventId == " + posted + " }.webhookDone", equalTo(true));

        assertEquals(List.of("PENDING", "FIRING"), PublishedAlerts.statuses(broker, host, RULE, 2));
    }

    @Test
    void eachAlertsPostsKeepTheirOrderWhileAlertsArePostedSideBySide() {
        String prefix = "order-" + UUID.randomUUID() + "-";
        heldHosts = prefix;
        List<String> hosts = IntStream.range(0, 4).mapToObj(i -> prefix + i).toList();
        Instant t0 = tenMinutesAgo();
        List<SnapshotMessages.Keyed> snapshots = new ArrayList<>();
        for (String host : hosts) {
            snapshots.addAll(firing(host, t0));
            snapshots.add(keyed(host, t0.plusSeconds(240), 100)); // below the clear threshold: resolved
        }
        try (SnapshotMessages messages = new SnapshotMessages(broker)) {
            messages.sendTogether(snapshots);
        }

        // each FIRING is refused twice while its RESOLVED is taken at once: it must wait for its FIRING all the same
        await().atMost(Duration.ofSeconds(60))
                .until(() -> hosts.stream().allMatch(host -> RECEIVER.taken(host, RULE).size() == 2));
        for (String host : hosts) {
            assertEquals(List.of("FIRING", "RESOLVED"), RECEIVER.taken(host, RULE), host);
            assertEquals(List.of("PENDING", "FIRING", "RESOLVED"), PublishedAlerts.statuses(broker, host, RULE, 3), host);
        }
        assertTrue(MOST_AT_ONCE.get() >= 2, "different alerts' posts overlap");
    }

    @Test
    void aSilencedAlertIsPublishedButNotPosted() {
        String host = "silenced-" + UUID.randomUUID();
        // silenced before it ever reports, which only force allows
        given().contentType("application/json").body(Map.of("hostId", host, "minutes", 30, "reason", "maintenance",
                "force", true)).post("/api/alerts/silences").then().statusCode(201);
        try (SnapshotMessages messages = new SnapshotMessages(broker)) {
            messages.sendTogether(firing(host, tenMinutesAgo()));
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/alerts/events").then()
                .body("find { it.event.hostId == '" + host + "' && it.event.to == 'FIRING' }.webhookError",
                        org.hamcrest.Matchers.startsWith("not posted: silenced by #")));
        given().get("/api/alerts").then().body("find { it.hostId == '" + host + "' }.silencedBy",
                org.hamcrest.Matchers.notNullValue());
        assertEquals(0, RECEIVER.taken.stream().filter(e -> host.equals(e.hostId())).count());
    }
}
