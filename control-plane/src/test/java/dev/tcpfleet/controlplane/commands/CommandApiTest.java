package dev.tcpfleet.controlplane.commands;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.tcpfleet.controlplane.SnapshotMessages;
import dev.tcpfleet.domain.profiles.BuiltInProfiles;
import dev.tcpfleet.protocol.CommandRouting;
import dev.tcpfleet.protocol.KeyChange;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.protocol.TuningOutcome;
import dev.tcpfleet.protocol.TuningResult;
import dev.tcpfleet.protocol.commands.CommandSignatures;
import dev.tcpfleet.protocol.commands.SignedCommand;
import dev.tcpfleet.protocol.commands.TuningCommand;
import dev.tcpfleet.testing.KafkaBrokerProcess;
import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.PostgresTestResource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import io.restassured.response.ValidatableResponse;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class CommandApiTest {
    /** The public half of the %test signing key in application.properties, as an agent in a test would hold it. */
    private static final PublicKey TEST_PUBLIC_KEY =
            CommandSignatures.publicKey("MCowBQYDK2VwAyEANZTz7t2Vn35jsaaEg8gwi1p8zAyFt9RDB5ypjY8bltY=");
    private static final PrivateKey TEST_SIGNING_KEY =
            CommandSignatures.privateKey("MC4CAQAwBQYDK2VwBCIEIMbuHkxnQlw8vS+hAfJM2L0hehcN1/80D7AWKCojwyK+");
    private static final int TEST_PARTITIONS = 4;

    @Inject
    CommandStore store;

    @Inject
    MeterRegistry registry;

    KafkaBrokerProcess broker;
    String host;

    @BeforeEach
    void aHostHasReported() {
        host = "cmd-" + UUID.randomUUID();
        SnapshotMessages.register(broker, host, Map.of());
    }

    @Test
    void anApplyIsSignedSentToTheHostsPartitionAndItsResultIsStored() throws Exception {
        Map<String, String> settings = BuiltInProfiles.all().stream()
                .filter(p -> p.name().equals(BuiltInProfiles.PROD)).findFirst().orElseThrow().settings();
        String id = post(Map.of("action", "apply", "hosts", List.of(host), "profile", BuiltInProfiles.PROD))
                .statusCode(202)
                .body("action", equalTo("apply"))
                .body("profile", equalTo(BuiltInProfiles.PROD))
                .body("version", equalTo(1))
                .body("dryRun", equalTo(false))
                .body("hosts[0].hostId", equalTo(host))
                .extract().path("id");
        String location = given().contentType(ContentType.JSON)
                .body(Map.of("action", "apply", "hosts", List.of(host), "profile", BuiltInProfiles.PROD, "dryRun", true))
                .post("/api/commands").then().statusCode(202).extract().header("Location");
        assertNotNull(location);
        given().get("/api/commands/{id}", id).then().statusCode(200).body("hosts[0].status", equalTo("SENT"));
        String hostCommandId = given().get("/api/commands/{id}", id).then().extract().path("hosts[0].commandId");

        TuningCommand command = readCommand(hostCommandId);
        assertEquals(host, command.hostId());
        assertEquals(TuningCommand.Action.APPLY, command.action());
        assertEquals(settings, command.settings());
        assertEquals(BuiltInProfiles.PROD, command.profile());

        KeyChange change = new KeyChange("net.core.somaxconn", "4096", "4096", "4096");
        TuningResult result = new TuningResult(hostCommandId, host, TuningOutcome.APPLIED, List.of(change), null,
                List.of(), List.of(), Instant.now().truncatedTo(ChronoUnit.MILLIS), null);
        double appliedBefore = appliedCount();
        publishResult(result);
        publishResult(result); // a redelivery changes nothing
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/commands/{id}", id).then()
                .statusCode(200)
                .body("hosts[0].status", equalTo("ANSWERED"))
                .body("hosts[0].outcome", equalTo("APPLIED"))
                .body("hosts[0].changes[0].key", equalTo("net.core.somaxconn")));
        await().atMost(Duration.ofSeconds(30)).until(() -> appliedCount() == appliedBefore + 1);
        given().get("/api/commands").then().statusCode(200).body("id", hasItem(id));
        given().get(location.substring(location.indexOf("/api/"))).then().statusCode(200).body("dryRun", equalTo(true));
    }

    /** tcpfleet_commands_total{action="apply",outcome="applied"}: stored answers, redeliveries not counted. */
    private double appliedCount() {
        Counter counter = registry.find("tcpfleet.commands").tags("action", "apply", "outcome", "applied").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aResultWithoutAnIdIsCountedNotStored() {
        // what an agent answers to another host's command replayed onto its partition
        publishResult(new TuningResult(null, host, TuningOutcome.REJECTED, List.of(), null,
                List.of("addressed to host other-host, not " + host), List.of(), Instant.now(), null));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/metrics").then()
                .body(containsString("tcpfleet_commands_results_unmatched_total"))
                .body(org.hamcrest.Matchers.not(containsString("tcpfleet_commands_results_unmatched_total 0.0"))));
    }

    @Test
    void badRequestsAre400sThatNameTheField() {
        post(Map.of("action", "apply", "hosts", List.of("no-such-host"), "profile", BuiltInProfiles.PROD))
                .statusCode(400).body("field", equalTo("hosts[0]")).body("detail", containsString("no-such-host"));
        post(Map.of("action", "apply", "hosts", List.of(host, "nope"), "profile", BuiltInProfiles.PROD))
                .statusCode(400).body("field", equalTo("hosts[1]"));
        post(Map.of("action", "apply", "hosts", List.of(host, host), "profile", BuiltInProfiles.PROD))
                .statusCode(400).body("field", equalTo("hosts[1]"));
        post(Map.of("action", "apply", "hosts", List.of(), "profile", BuiltInProfiles.PROD))
                .statusCode(400).body("field", equalTo("hosts"));
        post(Map.of("action", "apply", "profile", BuiltInProfiles.PROD)).statusCode(400).body("field", equalTo("hosts"));
        List<String> tooMany = new ArrayList<>(Collections.nCopies(1001, host));
        post(Map.of("action", "apply", "hosts", tooMany, "profile", BuiltInProfiles.PROD))
                .statusCode(400).body("field", equalTo("hosts")).body("detail", containsString("at most 1000"));
        post(Map.of("action", "reboot", "hosts", List.of(host), "profile", BuiltInProfiles.PROD))
                .statusCode(400).body("field", equalTo("action"));
        post(Map.of("action", "apply", "hosts", List.of(host))).statusCode(400).body("field", equalTo("profile"));
        given().contentType(ContentType.JSON).body("{\"action\": \"apply\", \"hosts\": [").post("/api/commands")
                .then().statusCode(400).contentType(ContentType.JSON).body("error", equalTo("invalid_request"));
        post(Map.of("action", "apply", "hosts", List.of(host), "profile", BuiltInProfiles.PROD, "version", 0))
                .statusCode(400).body("field", equalTo("version"));
        // PostgreSQL refuses NUL in text: it must stop at validation, not surface as a 500
        post(Map.of("action", "apply", "hosts", List.of("bad\u0000host"), "profile", BuiltInProfiles.PROD))
                .statusCode(400).body("field", equalTo("hosts[0]"));
        post(Map.of("action", "rollback", "hosts", List.of(host), "dryRun", true))
                .statusCode(400).body("field", equalTo("dryRun"));
        post(Map.of("action", "rollback", "hosts", List.of(host), "rollbackOf", "no-such-command"))
                .statusCode(400).body("field", equalTo("rollbackOf"));
    }

    @Test
    void aSelectorChoosesTheHostsAndAStaleHostIsNotSentToUnlessAskedFor() {
        String role = "role-" + UUID.randomUUID();
        String other = "cmd-" + UUID.randomUUID();
        SnapshotMessages.register(broker, other, Map.of("role", role));
        String stale = "stale-" + UUID.randomUUID();
        try (SnapshotMessages messages = new SnapshotMessages(broker)) {
            messages.send(SnapshotMessages.snapshot(stale, Instant.now().minus(Duration.ofHours(1)),
                    Map.of("role", role), 1));
        }
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> given().get("/api/hosts/{id}", stale).then().statusCode(200));

        post(Map.of("action", "apply", "selector", Map.of("labels", "role=" + role), "profile", BuiltInProfiles.PROD))
                .statusCode(202).body("hosts.hostId", equalTo(List.of(other)));
        post(Map.of("action", "apply", "hosts", List.of(other, stale), "profile", BuiltInProfiles.PROD))
                .statusCode(400).body("field", equalTo("hosts[1]")).body("detail", containsString("stale"));
        post(Map.of("action", "apply", "selector", Map.of("hosts", List.of(stale), "includeStale", true),
                "profile", BuiltInProfiles.PROD)).statusCode(202).body("hosts.hostId", equalTo(List.of(stale)));
        post(Map.of("action", "apply", "selector", Map.of("labels", "role=nobody-" + role), "profile",
                BuiltInProfiles.PROD)).statusCode(400).body("field", equalTo("selector"));
        post(Map.of("action", "apply", "hosts", List.of(other), "selector", Map.of("all", true), "profile",
                BuiltInProfiles.PROD)).statusCode(400).body("field", equalTo("selector"));
    }

    @Test
    void unknownProfilesAndCommandsAre404s() {
        post(Map.of("action", "apply", "hosts", List.of(host), "profile", "no-such-profile"))
                .statusCode(404).body("error", equalTo("not_found")).body("detail", containsString("no-such-profile"));
        post(Map.of("action", "apply", "hosts", List.of(host), "profile", BuiltInProfiles.PROD, "version", 99))
                .statusCode(404);
        given().get("/api/commands/{id}", "no-such-command").then().statusCode(404).contentType(ContentType.JSON)
                .body("error", equalTo("not_found"));
        post(Map.of("action", "rollback", "hosts", List.of(host), "rollbackOf", UUID.randomUUID().toString()))
                .statusCode(404);
        given().get("/api/commands/{id}", "nul\u0000id").then().statusCode(404);
        given().get("/api/profiles/{name}", "nul\u0000name").then().statusCode(404);
        given().delete("/api/profiles/{name}", "nul\u0000name").then().statusCode(404);
        given().get("/api/hosts/{id}", "nul\u0000id").then().statusCode(404);
        given().get("/api/hosts/{id}/snapshots", "nul\u0000id").then().statusCode(404);
        given().queryParam("limit", "0").get("/api/commands").then().statusCode(400).body("field", equalTo("limit"));
    }

    @Test
    void aRollbackNamesTheHostsPartOfTheApply() throws Exception {
        String apply = post(Map.of("action", "apply", "hosts", List.of(host), "profile", BuiltInProfiles.PROD))
                .statusCode(202).extract().path("id");
        String rollback = post(Map.of("action", "rollback", "hosts", List.of(host), "rollbackOf", apply))
                .statusCode(202).body("rollbackOf", equalTo(apply)).extract().path("id");
        String rollbackHostCommand = given().get("/api/commands/{id}", rollback).then().extract().path("hosts[0].commandId");
        TuningCommand command = readCommand(rollbackHostCommand);
        assertEquals(TuningCommand.Action.ROLLBACK, command.action());
        assertEquals(apply + "-0", command.target());
    }

    @Test
    void aConfirmWindowTravelsWithTheApplyAndAConfirmNamesIt() throws Exception {
        String apply = post(Map.of("action", "apply", "hosts", List.of(host), "profile", BuiltInProfiles.PROD,
                "confirmWithinSeconds", 300))
                .statusCode(202).body("confirmWithinSeconds", equalTo(300)).extract().path("id");
        assertEquals(300, readCommand(apply + "-0").confirmWithinSeconds());

        String confirm = post(Map.of("action", "confirm", "hosts", List.of(host), "confirmOf", apply))
                .statusCode(202).body("action", equalTo("confirm")).body("confirmOf", equalTo(apply))
                .extract().path("id");

        TuningCommand command = readCommand(confirm + "-0");
        assertEquals(TuningCommand.Action.CONFIRM, command.action());
        assertEquals(apply + "-0", command.target());
    }

    @Test
    void aHostRevertingAnUnconfirmedApplyReplacesItsAppliedResultAndNothingElseDoes() {
        String windowed = post(Map.of("action", "apply", "hosts", List.of(host), "profile", BuiltInProfiles.PROD,
                "confirmWithinSeconds", 60)).statusCode(202).extract().path("id");
        String plain = post(Map.of("action", "apply", "hosts", List.of(host), "profile", BuiltInProfiles.PROD))
                .statusCode(202).extract().path("id");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        publishResult(new TuningResult(windowed + "-0", host, TuningOutcome.APPLIED, List.of(), null, List.of(),
                List.of(), now, now.plusSeconds(60)));
        publishResult(new TuningResult(plain + "-0", host, TuningOutcome.APPLIED, List.of(), null, List.of(),
                List.of(), now, null));
        publishResult(new TuningResult(plain + "-0", host, TuningOutcome.REVERTED, List.of(), null, List.of(),
                List.of(), now.plusSeconds(1), null));
        // the same partition, so once this one is stored the one before it has been read too
        publishResult(new TuningResult(windowed + "-0", host, TuningOutcome.REVERTED, List.of(), null,
                List.of("not confirmed"), List.of(), now.plusSeconds(60), null));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/commands/{id}", windowed).then()
                .body("hosts[0].outcome", equalTo("REVERTED")).body("hosts[0].reasons[0]", equalTo("not confirmed")));
        given().get("/api/commands/{id}", plain).then().body("hosts[0].outcome", equalTo("APPLIED"));
    }

    @Test
    void aCommandTheBrokerDidNotTakeIsSentAgainAsItWasSigned() throws Exception {
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        TuningCommand unsent = new TuningCommand(TuningCommand.SCHEMA_VERSION, id + "-0", host,
                TuningCommand.Action.ROLLBACK, null, 0, Map.of(), false, 0, null, now, now.plus(Duration.ofMinutes(5)));
        store.insert(new CommandStore.StoredCommand(id, "rollback", null, null, false, null, null, null, now,
                unsent.expiresAt(), Map.of(host, unsent.commandId()), "user:alice", null, null), Map.of(unsent.commandId(),
                ProtocolJson.write(CommandSignatures.sign(unsent, TEST_SIGNING_KEY))));
        store.markSent(List.of(unsent.commandId()), HostCommandStatus.NOT_SENT);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/commands/{id}", id).then()
                .body("hosts[0].status", equalTo("SENT")));
        assertEquals(unsent, readCommand(unsent.commandId()));
    }

    @Test
    void badConfirmWindowsAndConfirmsAre400s() {
        String plain = post(Map.of("action", "apply", "hosts", List.of(host), "profile", BuiltInProfiles.PROD))
                .statusCode(202).extract().path("id");
        post(Map.of("action", "apply", "hosts", List.of(host), "profile", BuiltInProfiles.PROD,
                "confirmWithinSeconds", 5))
                .statusCode(400).body("field", equalTo("confirmWithinSeconds"))
                .body("detail", containsString("10 to 86400 seconds"));
        post(Map.of("action", "apply", "hosts", List.of(host), "profile", BuiltInProfiles.PROD,
                "confirmWithinSeconds", 60, "dryRun", true))
                .statusCode(400).body("field", equalTo("confirmWithinSeconds"));
        post(Map.of("action", "confirm", "hosts", List.of(host)))
                .statusCode(400).body("field", equalTo("confirmOf"));
        post(Map.of("action", "confirm", "hosts", List.of(host), "confirmOf", plain))
                .statusCode(400).body("field", equalTo("confirmOf")).body("detail", containsString("no confirm window"));
        post(Map.of("action", "confirm", "hosts", List.of(host), "confirmOf", plain, "profile", BuiltInProfiles.PROD))
                .statusCode(400).body("field", equalTo("profile"));
        post(Map.of("action", "rollback", "hosts", List.of(host), "confirmWithinSeconds", 60))
                .statusCode(400).body("field", equalTo("confirmWithinSeconds"));
    }

    private static ValidatableResponse post(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(new HashMap<>(body)).post("/api/commands").then()
                .contentType(ContentType.JSON);
    }

    /** Reads the host's partition as its agent would, and verifies the command as its agent would. */
    private TuningCommand readCommand(String hostCommandId) throws Exception {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            assertEquals(TEST_PARTITIONS, consumer.partitionsFor(Topics.COMMANDS).size());
            TopicPartition mine = new TopicPartition(Topics.COMMANDS, CommandRouting.partitionFor(host, TEST_PARTITIONS));
            consumer.assign(List.of(mine));
            consumer.seekToBeginning(List.of(mine));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (!host.equals(record.key())) {
                        continue;
                    }
                    SignedCommand signed = ProtocolJson.mapper().readValue(record.value(), SignedCommand.class);
                    TuningCommand command = (TuningCommand) CommandSignatures.verify(signed, TEST_PUBLIC_KEY, host, Instant.now());
                    if (command.commandId().equals(hostCommandId)) {
                        return command;
                    }
                }
            }
            throw new AssertionError("no command " + hostCommandId + " on " + mine);
        }
    }

    private void publishResult(TuningResult result) {
        try (SnapshotMessages messages = new SnapshotMessages(broker)) {
            messages.sendResult(result);
        }
    }
}
