package dev.tcpfleet.controlplane.rollouts;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.tcpfleet.controlplane.SnapshotMessages;
import dev.tcpfleet.controlplane.auth.Actor;
import dev.tcpfleet.controlplane.hosts.SelectorRequest;
import dev.tcpfleet.domain.profiles.BuiltInProfiles;
import dev.tcpfleet.protocol.TuningOutcome;
import dev.tcpfleet.protocol.TuningResult;
import dev.tcpfleet.testing.KafkaBrokerProcess;
import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The rollout API and its driver against the real database and broker; the agents' answers are the test's. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class RolloutApiTest {
    /** How changes name the %test bootstrap token, which every request here carries. */
    private static final String OPERATOR = "user:bootstrap";

    KafkaBrokerProcess broker;

    @Inject
    RolloutService rollouts;
    String host;
    String other;

    @BeforeEach
    void twoHostsHaveReported() {
        host = "ro-a-" + UUID.randomUUID();
        other = "ro-b-" + UUID.randomUUID();
        SnapshotMessages.register(broker, host, Map.of());
        SnapshotMessages.register(broker, other, Map.of());
    }

    private Map<String, Object> rollout(Object... extra) {
        Map<String, Object> body = new HashMap<>(Map.of("profile", BuiltInProfiles.PROD,
                "selector", Map.of("hosts", List.of(host, other)), "bakeSeconds", 1));
        for (int i = 0; i < extra.length; i += 2) {
            body.put((String) extra[i], extra[i + 1]);
        }
        return body;
    }

    private static ValidatableResponse post(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/rollouts").then()
                .contentType(ContentType.JSON);
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("profile", null, "profile"),
                Arguments.of("profile", "no-such-profile", "profile"),
                Arguments.of("version", 999, "version"),
                Arguments.of("selector", Map.of("hosts", List.of("never-seen")), "selector"),
                Arguments.of("selector", Map.of("labels", "not a term"), "selector.labels"),
                Arguments.of("canary", 11, "canary"),
                Arguments.of("percentages", List.of(50, 20, 100), "percentages[1]"),
                Arguments.of("percentages", List.of(10, 50), "percentages[1]"),
                Arguments.of("bakeSeconds", 0, "bakeSeconds"),
                Arguments.of("bakeSeconds", 100_000, "bakeSeconds"),
                Arguments.of("onMissingData", "ignore", "onMissingData"),
                Arguments.of("metricChecks", List.of(Map.of("metric", "cpu")), "metricChecks[0].metric"),
                Arguments.of("metricChecks", List.of(Map.of("metric", "timeWait", "tolerancePercent", -1)),
                        "metricChecks[0].tolerancePercent"),
                Arguments.of("metricChecks", List.of(Map.of("metric", "timeWait"), Map.of("metric", "time_wait")),
                        "metricChecks[1].metric"));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void aBadRequestIsA400NamingTheField(String name, Object value, String field) {
        Map<String, Object> body = rollout();
        if (value == null) {
            body.remove(name);
        } else {
            body.put(name, value);
        }
        post(body).statusCode(400).body("error", equalTo("invalid_request")).body("field", equalTo(field));
    }

    @Test
    void aMetricsFormerNameIsAcceptedAndShownByItsOneName() {
        // a dry run holds no hosts: nothing for the other tests to wait on
        String id = post(rollout("dryRun", true, "metricChecks", List.of(Map.of("metric", "retransmitsPerSecond"),
                Map.of("metric", "time_wait", "absolute", 5)))).statusCode(201)
                .body("spec.metricChecks.metric", equalTo(List.of("retransmits_per_s", "time_wait")))
                .extract().path("id");

        given().get("/api/rollouts/{id}", id).then().statusCode(200)
                .body("spec.metricChecks.metric", equalTo(List.of("retransmits_per_s", "time_wait")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "established", "TIME_WAIT", "time-wait", "listenOverflows", ""})
    void aMetricNoGateChecksIsA400ListingTheOnesItDoes(String metric) {
        post(rollout("metricChecks", List.of(Map.of("metric", metric)))).statusCode(400)
                .body("field", equalTo("metricChecks[0].metric"))
                .body("detail", containsString("time_wait, listen_overflows_per_s, retransmits_per_s"));
    }

    @Test
    void aHealthyRolloutGoesWaveByWaveToCompletion() {
        String id = post(rollout()).statusCode(201).body("state", equalTo("RUNNING"))
                .body("waves.size()", equalTo(2)).body("waves[0].hosts[0].hostId", equalTo(host))
                .body("waves[0].hosts[0].hostname", equalTo(host + ".example"))
                .body("waves[0].hosts[0].state", equalTo("pending")).extract().path("id");
        post(rollout("selector", Map.of("hosts", List.of(other)))).statusCode(409).body("field", equalTo("selector"));

        answerWave(id, 0, host, TuningOutcome.APPLIED);
        answerWave(id, 1, other, TuningOutcome.UNCHANGED);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/rollouts/{id}", id).then()
                .body("state", equalTo("COMPLETED")).body("percentApplied", equalTo(100))
                .body("waves.gate", equalTo(List.of("PASS", "PASS")))
                .body("waves[1].hosts[0].state", equalTo("applied")));
        given().get("/api/rollouts").then().statusCode(200).body("id", hasItem(id));
        given().post("/api/rollouts/{id}/pause", id).then().statusCode(409).body("field", equalTo("state"));
    }

    @Test
    void aCanaryThatFailsStopsTheRolloutBeforeWaveTwo() {
        String id = post(rollout()).statusCode(201).extract().path("id");

        answerWave(id, 0, host, TuningOutcome.ROLLED_BACK);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/rollouts/{id}", id).then()
                .body("state", equalTo("ROLLED_BACK"))
                .body("reason", containsString("ROLLED_BACK"))
                .body("waves[0].gate", equalTo("FAIL"))
                .body("waves[0].hosts[0].state", equalTo("failed"))
                .body("waves[1].applyCommandId", nullValue())
                .body("waves[1].hosts[0].state", equalTo("pending"))
                .body("startedBy", equalTo(OPERATOR)).body("rolledBackBy", equalTo("rollout-gate")));
        given().queryParam("target", id).get("/api/audit").then()
                .body("find { it.action == 'rollout.rollback' }.actor", equalTo("rollout-gate"));
    }

    @Test
    void aCanaryWithAnAlertFiringIsRolledBackBeforeWaveTwo() {
        String id = post(rollout()).statusCode(201).extract().path("id");
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MICROS);
        try (SnapshotMessages messages = new SnapshotMessages(broker)) {
            // connections over 1,500 for the rule's 2 minutes, by the snapshots' own clock
            messages.send(SnapshotMessages.snapshot(host, t0, Map.of(), 1_600));
            messages.send(SnapshotMessages.snapshot(host, t0.plusSeconds(120), Map.of(), 1_600));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().queryParam("status", "firing")
                .get("/api/alerts").then().body("hostId", hasItem(host)));

        answerWave(id, 0, host, TuningOutcome.APPLIED);

        answerRollback(id);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/rollouts/{id}", id).then()
                .body("state", equalTo("ROLLED_BACK"))
                .body("reason", containsString("alert firing: connections-high"))
                .body("waves[1].applyCommandId", nullValue()));
    }

    @Test
    void withoutAutomaticRollbackAFailedGateHaltsUntilAnOperatorAborts() {
        String id = post(rollout("autoRollback", false, "metricChecks",
                List.of(Map.of("metric", "listenOverflowsPerSecond")))).statusCode(201).extract().path("id");

        // the test's snapshots carry no counters: a figure missing after the bake fails the gate
        answerWave(id, 0, host, TuningOutcome.APPLIED);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/rollouts/{id}", id).then()
                .body("state", equalTo("HALTED"))
                .body("reason", containsString("no listen_overflows_per_s before the wave"))
                .body("waves[0].rollbackCommandId", nullValue()));
        given().post("/api/rollouts/{id}/abort", id).then().statusCode(200).body("state", equalTo("ROLLING_BACK"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/rollouts/{id}", id).then()
                .body("waves[0].rollbackCommandId", notNullValue()));
    }

    @Test
    void anOperatorPausesResumesAndAbortsAndTheAbortRollsBackTheAppliedHost() {
        String id = post(rollout("canary", 1)).statusCode(201).extract().path("id");
        given().post("/api/rollouts/{id}/pause", id).then().statusCode(200).body("state", equalTo("PAUSED"));
        given().post("/api/rollouts/{id}/pause", id).then().statusCode(409);
        given().post("/api/rollouts/{id}/resume", id).then().statusCode(200).body("state", equalTo("RUNNING"));
        String applyHost = answerWave(id, 0, host, TuningOutcome.APPLIED);

        given().post("/api/rollouts/{id}/abort", id).then().statusCode(200).body("state", equalTo("ROLLING_BACK"))
                .body("startedBy", equalTo(OPERATOR)).body("rolledBackBy", equalTo(OPERATOR))
                .body("actionId", nullValue());
        String rollback = answerRollback(id);
        given().get("/api/commands/{id}", rollback).then().body("action", equalTo("rollback"))
                .body("rollbackOf", equalTo(applyHost.substring(0, applyHost.lastIndexOf('-'))))
                .body("hosts.hostId", equalTo(List.of(host)))
                .body("actor", equalTo(OPERATOR)).body("rolloutId", equalTo(id));
        given().queryParam("host", host).get("/api/changes").then()
                .body("findAll { it.rolloutId == '" + id + "' }.collect { it.type + ' ' + it.actor }",
                        equalTo(List.of("apply " + OPERATOR, "rollback " + OPERATOR)))
                .body("findAll { it.rolloutId == '" + id + "' && it.actionId != null }.size()", equalTo(0));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/rollouts/{id}", id).then()
                .body("state", equalTo("ROLLED_BACK")).body("reason", equalTo("aborted by an operator"))
                .body("waves[0].hosts[0].state", equalTo("rolled_back"))
                .body("waves.phase", equalTo(List.of("ROLLED_BACK", "SKIPPED"))));
        given().get("/api/rollouts/{id}", UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void aCompletedRolloutIsRolledBackWaveByWaveTheLastFirstOnTheHostsItChanged() {
        String id = post(rollout()).statusCode(201).extract().path("id");
        given().post("/api/rollouts/{id}/rollback", id).then().statusCode(409)
                .body("error", equalTo("rollout_running")).body("field", equalTo("state"));
        answerWave(id, 0, host, TuningOutcome.APPLIED);
        answerWave(id, 1, other, TuningOutcome.APPLIED);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/rollouts/{id}", id).then()
                .body("state", equalTo("COMPLETED")));

        given().post("/api/rollouts/{id}/rollback", id).then().statusCode(200).body("state", equalTo("ROLLING_BACK"))
                .body("reason", equalTo("rolled back by an operator"));
        given().post("/api/rollouts/{id}/rollback", id).then().statusCode(409)
                .body("error", equalTo("already_rolled_back"));
        String last = awaitRollback(id, 1);
        // the canary's rollback waits for the last wave's to be answered
        given().get("/api/rollouts/{id}", id).then().body("waves.phase", equalTo(List.of("PASSED", "ROLLING_BACK")))
                .body("waves[0].rollbackCommandId", nullValue());
        given().get("/api/commands/{id}", last).then().body("hosts.hostId", equalTo(List.of(other)));
        answerRollback(id, 1, other);
        answerRollback(id, 0, host);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/rollouts/{id}", id).then()
                .body("state", equalTo("ROLLED_BACK")).body("percentApplied", equalTo(0))
                .body("waves.phase", equalTo(List.of("ROLLED_BACK", "ROLLED_BACK")))
                .body("waves.number", equalTo(List.of(1, 2)))
                .body("waves.hosts.flatten().state", equalTo(List.of("rolled_back", "rolled_back")))
                .body("waves.hosts.flatten().rollbackOutcome", equalTo(List.of("REVERTED", "REVERTED"))));
        given().post("/api/rollouts/{id}/rollback", id).then().statusCode(409)
                .body("error", equalTo("already_rolled_back")).body("detail", containsString("already rolled back"));
    }

    @Test
    void aCompletedRolloutIsNotRolledBackWhileAnotherActiveRolloutHoldsOneOfItsHosts() {
        String first = post(rollout()).statusCode(201).extract().path("id");
        answerWave(first, 0, host, TuningOutcome.APPLIED);
        answerWave(first, 1, other, TuningOutcome.APPLIED);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/rollouts/{id}", first).then()
                .body("state", equalTo("COMPLETED")));
        String second = post(rollout("selector", Map.of("hosts", List.of(other)))).statusCode(201)
                .extract().path("id");

        given().post("/api/rollouts/{id}/rollback", first).then().statusCode(409)
                .body("error", equalTo("hosts_busy")).body("field", equalTo("state"))
                .body("detail", containsString("host '" + other + "' is already in active rollout " + second));
        given().get("/api/rollouts/{id}", first).then().body("state", equalTo("COMPLETED"));

        // once the other one ends, the hosts are free again
        answerWave(second, 0, other, TuningOutcome.UNCHANGED);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/rollouts/{id}", second).then()
                .body("state", equalTo("COMPLETED")));
        given().post("/api/rollouts/{id}/rollback", first).then().statusCode(200)
                .body("state", equalTo("ROLLING_BACK"));
        answerRollback(first, 1, other);
        answerRollback(first, 0, host);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/rollouts/{id}", first).then()
                .body("state", equalTo("ROLLED_BACK")));
    }

    @Test
    void anAutomatedRolloutIsTheRulesAndTheClosedLoopsRevertIsTheLoopsEachEventCarryingTheAction() {
        String actionId = UUID.randomUUID().toString();
        rollouts.create(actionId, new RolloutRequest(BuiltInProfiles.PROD, null,
                new SelectorRequest(List.of(host), null, null, false), null, null, 1, null, null, null, false, null,
                null),
                Actor.automation("fix-tw", actionId));
        answerWave(actionId, 0, host, TuningOutcome.APPLIED);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/rollouts/{id}", actionId)
                .then().body("state", equalTo("COMPLETED")));

        rollouts.revert(actionId, "the alert's figure got worse", Actor.closedLoop("fix-tw", actionId));
        answerRollback(actionId);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/rollouts/{id}", actionId)
                .then().body("state", equalTo("ROLLED_BACK")).body("startedBy", equalTo("automation:fix-tw"))
                .body("rolledBackBy", equalTo("closed-loop:fix-tw")).body("actionId", equalTo(actionId)));
        given().queryParam("host", host).get("/api/changes").then()
                .body("findAll { it.rolloutId == '" + actionId + "' }.collect { it.type + ' ' + it.actor + ' '"
                        + " + it.actionId }", equalTo(List.of("apply automation:fix-tw " + actionId,
                                "rollback closed-loop:fix-tw " + actionId)));
        given().get("/api/hosts/{id}/trends/time_wait", host).then()
                .body("events.findAll { it.rolloutId == '" + actionId + "' }.actor",
                        equalTo(List.of("automation:fix-tw", "closed-loop:fix-tw")));
        given().queryParam("target", actionId).get("/api/audit").then()
                .body("find { it.action == 'rollout.revert' }.actor", equalTo("closed-loop:fix-tw"));
    }

    @Test
    void aDryRunHasNothingToRollBack() {
        String id = post(rollout("dryRun", true)).statusCode(201).body("waves[0].phase", equalTo("DRY_RUN"))
                .body("hostsTotal", equalTo(2)).body("hostsAnswered", equalTo(0)).extract().path("id");
        given().post("/api/rollouts/{id}/rollback", id).then().statusCode(409).body("error", equalTo("dry_run"));
    }

    @Test
    void aDryRunShowsEachHostsDiff() {
        String id = post(rollout("dryRun", true)).statusCode(201).body("state", equalTo("DRY_RUN"))
                .body("waves.size()", equalTo(1)).extract().path("id");
        String hostCommand = given().get("/api/commands/{id}", given().get("/api/rollouts/{id}", id).then()
                .extract().<String>path("waves[0].applyCommandId")).then().body("dryRun", equalTo(true))
                .extract().path("hosts[0].commandId");
        answer(hostCommand, host, TuningOutcome.PLANNED);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/rollouts/{id}", id).then()
                .body("waves[0].hosts[0].state", equalTo("planned"))
                .body("waves[0].hosts[0].changes[0].key", equalTo("net.core.somaxconn")));
    }

    /** Waits for wave {@code wave} to be sent, answers it for {@code hostId} and reports a snapshot after it. */
    private String answerWave(String id, int wave, String hostId, TuningOutcome outcome) {
        String apply = await().atMost(Duration.ofSeconds(60)).until(() -> given().get("/api/rollouts/{id}", id)
                .then().extract().<String>path("waves[" + wave + "].applyCommandId"), notNullValue());
        String hostCommand = given().get("/api/commands/{id}", apply).then().extract().path("hosts[0].commandId");
        answer(hostCommand, hostId, outcome);
        return hostCommand;
    }

    /** Waits for the rollback of wave 0, answers it REVERTED for the canary, and returns its command id. */
    private String answerRollback(String id) {
        return answerRollback(id, 0, host);
    }

    /** Waits for the rollback of wave {@code wave}, answers it REVERTED for {@code hostId}; returns its command id. */
    private String answerRollback(String id, int wave, String hostId) {
        String rollback = awaitRollback(id, wave);
        answer(given().get("/api/commands/{id}", rollback).then().extract().path("hosts[0].commandId"), hostId,
                TuningOutcome.REVERTED);
        return rollback;
    }

    /** Waits for the rollback of wave {@code wave} to be issued; returns its command id. */
    private static String awaitRollback(String id, int wave) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> given().get("/api/rollouts/{id}", id)
                .then().extract().<String>path("waves[" + wave + "].rollbackCommandId"), notNullValue());
    }

    private void answer(String hostCommandId, String hostId, TuningOutcome outcome) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        try (SnapshotMessages messages = new SnapshotMessages(broker)) {
            messages.sendResult(new TuningResult(hostCommandId, hostId, outcome, List.of(new dev.tcpfleet.protocol
                    .KeyChange("net.core.somaxconn", "4096", "8192", "8192")), null, List.of(), List.of(), now, null));
            messages.send(SnapshotMessages.snapshot(hostId, now.plusMillis(1), Map.of(), 1));
        }
    }
}
