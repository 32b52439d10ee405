package dev.tcpfleet.controlplane.alerts;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import dev.tcpfleet.controlplane.SnapshotMessages;
import dev.tcpfleet.protocol.AlertEvent;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.testing.KafkaBrokerProcess;
import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Alert changes reach the alerts topic and a real webhook receiver that fails twice before taking them. */
@QuarkusTest
@TestProfile(AlertNotificationTest.Webhook.class)
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class AlertNotificationTest {
    static final List<AlertEvent> RECEIVED = new CopyOnWriteArrayList<>();
    static final Map<Long, AtomicInteger> TRIES = new ConcurrentHashMap<>();
    static final HttpServer RECEIVER = receiver();

    /** Answers 503 to the first two posts of each event, then takes it. */
    private static HttpServer receiver() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/hook", exchange -> {
                AlertEvent event = ProtocolJson.mapper().readValue(exchange.getRequestBody().readAllBytes(),
                        AlertEvent.class);
                if (TRIES.computeIfAbsent(event.eventId(), id -> new AtomicInteger()).incrementAndGet() <= 2) {
                    exchange.sendResponseHeaders(503, -1);
                } else {
                    RECEIVED.add(event);
                    exchange.sendResponseHeaders(204, -1);
                }
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static class Webhook implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tcpfleet.alerts.webhook-url",
                    "http://127.0.0.1:" + RECEIVER.getAddress().getPort() + "/hook");
        }
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.stop(0);
    }

    KafkaBrokerProcess broker;

    @Test
    void aFiringAlertIsPublishedAndPostedAfterTheWebhookFailedTwice() {
        String host = "notify-" + UUID.randomUUID();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(10));
        try (SnapshotMessages messages = new SnapshotMessages(broker)) {
            messages.send(SnapshotMessages.snapshot(host, t0, Map.of(), 1_600));
            messages.send(SnapshotMessages.snapshot(host, t0.plusSeconds(120), Map.of(), 1_600));
        }

        // the snapshots are ten minutes old, so the host-stale alert fires as well: only this rule is looked at
        await().atMost(Duration.ofSeconds(60)).until(() -> RECEIVED.stream().anyMatch(e -> connectionsOf(host, e)));
        AlertEvent posted = RECEIVED.stream().filter(e -> connectionsOf(host, e)).findFirst().orElseThrow();
        assertEquals(List.of("PENDING", "FIRING"), List.of(posted.from(), posted.to()));
        assertEquals(1, RECEIVED.stream().filter(e -> connectionsOf(host, e)).count(), "pending is not posted");
        given().get("/api/alerts/events").then().statusCode(200)
                .body("find { it.event.eventId == " + posted.eventId() + " }.webhookAttempts", equalTo(3))
                .body("find { it.event.eventId == " + posted.eventId() + " }.webhookDone", equalTo(true));

        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.ALERTS));
            List<String> published = new CopyOnWriteArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    AlertEvent event = ProtocolJson.mapper().readValue(record.value(), AlertEvent.class);
                    if (connectionsOf(host, event)) {
                        published.add(event.to());
                    }
                }
                return published.size() >= 2;
            });
            assertEquals(List.of("PENDING", "FIRING"), published);
        }
    }

    private static boolean connectionsOf(String host, AlertEvent event) {
        return host.equals(event.hostId()) && event.rule().equals("connections-high");
    }

    @Test
    void aSilencedAlertIsPublishedButNotPosted() {
        String host = "silenced-" + UUID.randomUUID();
        given().contentType("application/json").body(Map.of("hostId", host, "minutes", 30, "reason", "maintenance"))
                .post("/api/alerts/silences").then().statusCode(201);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(10));
        try (SnapshotMessages messages = new SnapshotMessages(broker)) {
            messages.send(SnapshotMessages.snapshot(host, t0, Map.of(), 1_600));
            messages.send(SnapshotMessages.snapshot(host, t0.plusSeconds(120), Map.of(), 1_600));
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/alerts/events").then()
                .body("find { it.event.hostId == '" + host + "' && it.event.to == 'FIRING' }.webhookError",
                        org.hamcrest.Matchers.startsWith("not posted: silenced by #")));
        given().get("/api/alerts").then().body("find { it.hostId == '" + host + "' }.silencedBy",
                org.hamcrest.Matchers.notNullValue());
        assertEquals(0, RECEIVED.stream().filter(e -> host.equals(e.hostId())).count());
    }
}
