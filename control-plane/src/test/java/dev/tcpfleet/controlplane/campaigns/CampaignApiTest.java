package dev.tcpfleet.controlplane.campaigns;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcpfleet.controlplane.SnapshotMessages;
import dev.tcpfleet.protocol.CommandRouting;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.protocol.commands.CommandSignatures;
import dev.tcpfleet.protocol.commands.FleetCommand;
import dev.tcpfleet.protocol.commands.SignedCommand;
import dev.tcpfleet.protocol.commands.StressCommand;
import dev.tcpfleet.protocol.stress.ConnectLatencies;
import dev.tcpfleet.protocol.stress.FailureClass;
import dev.tcpfleet.protocol.stress.LatencySummary;
import dev.tcpfleet.protocol.stress.StressReport;
import dev.tcpfleet.protocol.stress.StressRequest;
import dev.tcpfleet.protocol.stress.StressResult;
import dev.tcpfleet.testing.KafkaBrokerProcess;
import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The campaign API against the real broker and database; the %test allowlist is 127.0.0.0/8 port 9. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class CampaignApiTest {
    /** The public half of the %test signing key in application.properties. */
    private static final PublicKey TEST_PUBLIC_KEY =
            CommandSignatures.publicKey("MCowBQYDK2VwAyEANZTz7t2Vn35jsaaEg8gwi1p8zAyFt9RDB5ypjY8bltY=");
    private static final int TEST_PARTITIONS = 4;

    KafkaBrokerProcess broker;
    String host;

    @BeforeEach
    void aHostHasReported() {
        host = "camp-" + UUID.randomUUID();
        SnapshotMessages.register(broker, host, Map.of());
    }

    private static ValidatableResponse post(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/campaigns").then();
    }

    private Map<String, Object> campaign(String target, Object... more) {
        Map<String, Object> body = new HashMap<>(Map.of("selector", Map.of("hosts", List.of(host)), "target", target,
                "connections", 5, "concurrency", 5, "rate", 50, "durationSeconds", 5));
        for (int i = 0; i < more.length; i += 2) {
            body.put((String) more[i], more[i + 1]);
        }
        return body;
    }

    @Test
    void badRequestsAre400sThatNameTheField() {
        post(campaign("127.0.0.1:9", "target", "")).statusCode(400).body("field", equalTo("target"));
        post(campaign("localhost:9")).statusCode(400).body("field", equalTo("target"))
                .body("detail", containsString("not an IP address"));
        post(campaign("127.0.0.1:9", "rate", 1001)).statusCode(400).body("field", equalTo("rate"));
        post(campaign("127.0.0.1:9", "durationSeconds", 61)).statusCode(400).body("field", equalTo("durationSeconds"));
        post(campaign("127.0.0.1:9", "kind", "flood")).statusCode(400).body("field", equalTo("kind"));
        post(campaign("127.0.0.1:9", "connections", 1001)).statusCode(400).body("field", equalTo("connections"))
                .body("detail", containsString("connection budget of 1000"));
        post(campaign("127.0.0.1:9", "selector", Map.of("hosts", List.of("no-such-host"))))
                .statusCode(400).body("field", equalTo("selector"));
        Map<String, Object> noSelector = campaign("127.0.0.1:9");
        noSelector.remove("selector");
        post(noSelector).statusCode(400).body("field", equalTo("selector"));
        given().get("/api/campaigns/{id}", "no-such-campaign").then().statusCode(404)
                .body("error", equalTo("not_found"));
    }

    @Test
    void aTargetOffTheAllowlistIsRefusedAndNothingIsSent() throws Exception {
        post(campaign("10.9.9.9:9")).statusCode(403).body("error", equalTo("target_not_allowed"))
                .body("field", equalTo("target"));
        post(campaign("127.0.0.1:80")).statusCode(403).body("field", equalTo("target"));

        // the host's partition keeps order: what was sent for it before this campaign would come first
        String allowed = post(campaign("127.0.0.1:9")).statusCode(202).extract().path("id");

        List<StressCommand> sent = commandsUntil(host, allowed);
        assertEquals(1, sent.size(), sent.toString());
        assertEquals(StressCommand.Action.RUN, sent.get(0).action());
        assertEquals("127.0.0.1:9", sent.get(0).request().target());
    }

    @Test
    void everyHostsReportIsStoredAndMergedExactly() throws Exception {
        String second = "camp-" + UUID.randomUUID();
        SnapshotMessages.register(broker, second, Map.of());
        String id = post(campaign("127.0.0.1:9", "selector", Map.of("hosts", List.of(host, second))))
                .statusCode(202)
                .body("status", equalTo("RUNNING"))
                .body("hosts.status", equalTo(List.of("PENDING", "PENDING")))
                .extract().path("id");
        StressRequest test = commandsUntil(host, id).get(0).request();
        String commandId = commandsUntil(second, id).get(0).commandId();

        publish(new StressReport(StressRequest.SCHEMA_VERSION, id + "-0", host,
                ran(test, new long[] {100, 200, 300, 400}, 1)));
        publish(new StressReport(StressRequest.SCHEMA_VERSION, commandId, second,
                ran(test, new long[] {500, 600, 700, 800, 900}, 0)));
        publish(new StressReport(StressRequest.SCHEMA_VERSION, commandId, "intruder", ran(test, new long[] {1}, 5)));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/campaigns/{id}", id).then()
                .statusCode(200)
                .body("status", equalTo("FINISHED"))
                .body("hosts.status", equalTo(List.of("DONE", "DONE")))
                .body("hosts[0].result.latency.p50Micros", equalTo(200))
                .body("fleet.successes", equalTo(9))
                .body("fleet.attempted", equalTo(10))
                .body("fleet.failures.REFUSED", equalTo(1))
                .body("fleet.latency.count", equalTo(9))
                .body("fleet.latency.p50Micros", equalTo(500))
                .body("fleet.latency.maxMicros", equalTo(900))
                .body("fleet.errorRate", equalTo(0.1f))
                .body("warning", equalTo(false)));
        given().get("/api/campaigns").then().statusCode(200).body("id", hasItem(id));
    }

    @Test
    void aFleetErrorRateOverTheThresholdMarksTheCampaign() throws Exception {
        String id = post(campaign("127.0.0.1:9")).statusCode(202).extract().path("id");
        StressRequest test = commandsUntil(host, id).get(0).request();

        publish(new StressReport(StressRequest.SCHEMA_VERSION, id + "-0", host, ran(test, new long[] {100}, 4)));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/campaigns/{id}", id).then()
                .body("fleet.errorRate", equalTo(0.8f)).body("warning", equalTo(true)));
    }

    @Test
    void theCampaignErrorRateRuleFiresOnceTheMergedResultFailsMoreThanFivePercent() throws Exception {
        String second = "camp-" + UUID.randomUUID();
        SnapshotMessages.register(broker, second, Map.of());
        String id = post(campaign("127.0.0.1:9", "selector", Map.of("hosts", List.of(host, second))))
                .statusCode(202).extract().path("id");
        StressRequest test = commandsUntil(host, id).get(0).request();
        String secondCommand = commandsUntil(second, id).get(0).commandId();
        String subject = "campaign:" + id;

        publish(new StressReport(StressRequest.SCHEMA_VERSION, id + "-0", host, ran(test, latencies(19), 1)));
        // the result and its judgement are stored together: once the campaign shows it, it has been judged
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/campaigns/{id}", id).then()
                .body("fleet.errorRate", equalTo(0.05f)));
        given().get("/api/alerts").then().body("findAll { it.subject == '" + subject + "' }.size()", equalTo(0));

        publish(new StressReport(StressRequest.SCHEMA_VERSION, secondCommand, second, ran(test, latencies(18), 2)));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().queryParam("status", "firing")
                .get("/api/alerts").then()
                .body("find { it.subject == '" + subject + "' }.rule", equalTo("campaign-error-rate"))
                .body("find { it.subject == '" + subject + "' }.scope", equalTo("campaign"))
                .body("find { it.subject == '" + subject + "' }.hostId", nullValue())
                .body("find { it.subject == '" + subject + "' }.lastValue", equalTo(0.075f)));
        given().queryParam("limit", 1000).get("/api/alerts/events").then()
                .body("find { it.event.subject == '" + subject + "' }.event.to", equalTo("FIRING"))
                .body("find { it.event.subject == '" + subject + "' }.event.hostId", nullValue());
    }

    /** {@code count} connect latencies of 100 µs. */
    private static long[] latencies(int count) {
        long[] latencies = new long[count];
        Arrays.fill(latencies, 100);
        return latencies;
    }

    @Test
    void stopAndTheKillSwitchSendASignedStopToEveryHostStillRunning() throws Exception {
        String one = post(campaign("127.0.0.1:9")).statusCode(202).extract().path("id");
        String two = post(campaign("127.0.0.1:9")).statusCode(202).extract().path("id");

        given().post("/api/campaigns/{id}/stop", one).then().statusCode(200).body("stoppedAt", notNullValue());
        given().post("/api/campaigns/stop-all").then().statusCode(200).body("stopped", hasItem(two));

        List<StressCommand> sent = commandsUntil(host, two, StressCommand.Action.STOP);
        assertEquals(List.of(StressCommand.Action.RUN, StressCommand.Action.RUN, StressCommand.Action.STOP,
                StressCommand.Action.STOP), sent.stream().map(StressCommand::action).toList());
        assertEquals(List.of(one, two, one, two), sent.stream().map(StressCommand::campaignId).toList());
    }

    private static StressResult ran(StressRequest test, long[] latencies, long refused) {
        Histogram histogram = ConnectLatencies.newHistogram();
        for (long latency : latencies) {
            histogram.recordValue(latency);
        }
        return new StressResult(StressRequest.SCHEMA_VERSION, test.testId(), test.kind(), test.target(), null,
                latencies.length + refused, latencies.length, Map.of(FailureClass.REFUSED, refused), 0, 1000,
                latencies.length, 0, ConnectLatencies.encode(histogram), LatencySummary.of(histogram), Instant.now());
    }

    private List<StressCommand> commandsUntil(String hostId, String campaignId) throws Exception {
        return commandsUntil(hostId, campaignId, StressCommand.Action.RUN);
    }

    /** The stress commands for {@code hostId} on its partition, up to the first {@code action} of the campaign. */
    private List<StressCommand> commandsUntil(String hostId, String campaignId, StressCommand.Action action)
            throws Exception {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition mine = new TopicPartition(Topics.COMMANDS, CommandRouting.partitionFor(hostId,
                    TEST_PARTITIONS));
            consumer.assign(List.of(mine));
            consumer.seekToBeginning(List.of(mine));
            List<StressCommand> seen = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (!hostId.equals(record.key())) {
                        continue;
                    }
                    FleetCommand command = CommandSignatures.verify(ProtocolJson.mapper().readValue(record.value(),
                            SignedCommand.class), TEST_PUBLIC_KEY, hostId, Instant.now());
                    StressCommand stress = (StressCommand) command;
                    seen.add(stress);
                    if (stress.campaignId().equals(campaignId) && stress.action() == action) {
                        return seen;
                    }
                }
            }
            throw new AssertionError("no " + action + " of campaign " + campaignId + " for " + hostId + ": " + seen);
        }
    }

    /** Reports as the host's agent does, sealed by its key. */
    private void publish(StressReport report) {
        try (SnapshotMessages messages = new SnapshotMessages(broker)) {
            messages.send(Topics.STRESS_RESULTS, report.hostId(), ProtocolJson.write(report));
        }
    }
}
