package dev.tcpfleet.controlplane.automation;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.controlplane.SnapshotMessages;
import dev.tcpfleet.controlplane.auth.Actor;
import dev.tcpfleet.controlplane.hosts.SelectorRequest;
import dev.tcpfleet.controlplane.rollouts.RolloutRequest;
import dev.tcpfleet.controlplane.rollouts.RolloutService;
import dev.tcpfleet.domain.profiles.BuiltInProfiles;
import dev.tcpfleet.protocol.KeyChange;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.TuningOutcome;
import dev.tcpfleet.protocol.TuningResult;
import dev.tcpfleet.testing.KafkaBrokerProcess;
import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.PostgresTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
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

/**
 * Alert-driven automation against the real database and broker: alerts fire from snapshots on the snapshots topic,
 * and the agents' answers to the rollouts automation starts are the test's.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class AutomationApiTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    KafkaBrokerProcess broker;

    @Inject
    EntityManager em;

    @Inject
    AutomationActionStore actions;

    @Inject
    RolloutService rollouts;
    String env;
    String host;
    String alertRule;

    /** A host of its own, and an alert rule firing at once above 1,000 connections on it alone. */
    @BeforeEach
    void aHostAndAnAlertRuleOfThisTest() {
        env = "a" + UUID.randomUUID().toString().substring(0, 8);
        host = "auto-" + env;
        alertRule = "connections-" + env;
        SnapshotMessages.register(broker, host, Map.of("env", env));
        alertRule(alertRule, 1_000);
    }

    private void alertRule(String name, int threshold) {
        api().body(Map.of("metric", "established", "comparison", "above", "threshold", threshold, "clearThreshold",
                threshold / 2, "severity", "warning", "labels", "env=" + env))
                .put("/api/alerts/rules/{name}", name).then().statusCode(201);
    }

    private static io.restassured.specification.RequestSpecification api() {
        return given().contentType(ContentType.JSON);
    }

    private Map<String, Object> applyRule(String alert, String mode, Object... extra) {
        Map<String, Object> body = new HashMap<>(Map.of("alertRule", alert, "action", "apply_profile",
                "profile", BuiltInProfiles.PROD, "bakeSeconds", 1, "mode", mode, "cooldownSeconds", 3600));
        for (int i = 0; i < extra.length; i += 2) {
            body.put((String) extra[i], extra[i + 1]);
        }
        return body;
    }

    private static ValidatableResponse putRule(String name, Map<String, Object> body) {
        return api().body(body).put("/api/automation/rules/{name}", name).then().contentType(ContentType.JSON);
    }

    private void report(int established, Instant at) {
        try (SnapshotMessages messages = new SnapshotMessages(broker)) {
            messages.send(SnapshotMessages.snapshot(host, at, Map.of("env", env), established));
        }
    }

    /** {@code count} snapshots of {@code established}, 50 ms apart from {@code from}. */
    private void reportSeries(int established, Instant from, int count) {
        try (SnapshotMessages messages = new SnapshotMessages(broker)) {
            for (int i = 0; i < count; i++) {
                messages.send(SnapshotMessages.snapshot(host, from.plusMillis(50L * i), Map.of("env", env),
                        established));
            }
        }
    }

    /** The one action the automation rule took, once it is in {@code state}. */
    private static Map<String, Object> awaitAction(String rule, String state) {
        return await().atMost(WAIT).until(() -> given().get("/api/automation/actions").then().statusCode(200)
                .extract().<Map<String, Object>>path("find { it.rule == '" + rule + "' }"),
                action -> action != null && state.equals(action.get("state")));
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("alertRule", null, "alertRule"),
                Arguments.of("alertRule", "no-such-alert", "alertRule"),
                Arguments.of("alertRule", "host-stale", "alertRule"),
                Arguments.of("alertRule", "campaign-error-rate", "alertRule"),
                Arguments.of("action", "reboot", "action"),
                Arguments.of("mode", "yolo", "mode"),
                Arguments.of("profile", null, "profile"),
                Arguments.of("profile", "no-such-profile", "profile"),
                Arguments.of("version", 999, "version"),
                Arguments.of("cooldownSeconds", -1, "cooldownSeconds"),
                Arguments.of("bakeSeconds", 0, "bakeSeconds"),
                Arguments.of("campaign", Map.of("target", "127.0.0.1:9"), "campaign"));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void aBadRuleIsA400NamingTheField(String name, Object value, String field) {
        Map<String, Object> body = applyRule(alertRule, "auto");
        if (value == null) {
            body.remove(name);
        } else {
            body.put(name, value);
        }
        putRule("bad-" + env, body).statusCode(400).body("field", equalTo(field));
        given().get("/api/automation/rules/{name}", "bad-" + env).then().statusCode(404);
    }

    @Test
    void aCampaignRuleIsCheckedAgainstTheCampaignLimitsWhenSaved() {
        Map<String, Object> campaign = new HashMap<>(Map.of("alertRule", alertRule, "action", "campaign",
                "campaign", Map.of("target", "127.0.0.1:9", "connections", 10, "concurrency", 2, "rate", 10,
                        "durationSeconds", 5)));
        putRule("probe-" + env, campaign).statusCode(201).body("action", equalTo("campaign"))
                .body("mode", equalTo("propose"));
        campaign.put("campaign", Map.of("target", "127.0.0.1:9", "connections", 10_000_000));
        putRule("probe-" + env, campaign).statusCode(400).body("field", equalTo("connections"));
        campaign.put("campaign", Map.of("target", "127.0.0.1:9", "selector", Map.of("all", true)));
        putRule("probe-" + env, campaign).statusCode(400).body("field", equalTo("campaign.selector"));
        given().delete("/api/automation/rules/{name}", "probe-" + env).then().statusCode(204);
    }

    @Test
    void anAutomaticApplyThatMakesTheFigureWorseIsRolledBackByTheClosedLoop() {
        String rule = "tune-" + env;
        putRule(rule, applyRule(alertRule, "auto")).statusCode(201).body("profileVersion", notNullValue());
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MICROS);

        // the judge needs samples: six before the breach (none older than the host's first, which alerts would not
        // look at), then the breach that fires the alert, and eight after, twice the connections of the breach
        reportSeries(800, t0, 6);
        report(1_500, t0.plusMillis(300));
        Map<String, Object> started = awaitAction(rule, "STARTED");
        String rolloutId = (String) started.get("rolloutId");
        given().get("/api/rollouts/{id}", rolloutId).then().body("waves.hosts.hostId", equalTo(List.of(List.of(host))))
                .body("profile", equalTo(BuiltInProfiles.PROD));

        answer(awaitCommand(rolloutId, "applyCommandId"), TuningOutcome.APPLIED);
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/rollouts/{id}", rolloutId).then()
                .body("waves[0].hosts[0].state", equalTo("applied")));
        reportSeries(3_000, Instant.now().truncatedTo(ChronoUnit.MICROS), 8);

        answer(awaitCommand(rolloutId, "rollbackCommandId"), TuningOutcome.REVERTED);
        Map<String, Object> judged = awaitAction(rule, "ROLLED_BACK");
        given().get("/api/automation/actions/{id}", started.get("id")).then().statusCode(200)
                .body("reason", startsWith("rolled back by the closed loop, the alert's figure got worse: established"
                        + " higher on the canary after the change than before (weaker: only 0 baseline hosts"))
                .body("judgement.verdict.result", equalTo("WORSE"))
                .body("judgement.verdict.mode", equalTo("before_after"))
                .body("judgement.verdict.test", equalTo("Mann-Whitney U"))
                .body("judgement.verdict.canary.hosts", equalTo(List.of(host)))
                .body("judgement.hosts." + host + ".before", equalTo(800f))
                .body("judgement.hosts." + host + ".after", equalTo(3000f));
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/rollouts/{id}", rolloutId).then()
                .body("state", equalTo("ROLLED_BACK")).body("reason", startsWith("rolled back by the closed loop")));
        given().queryParam("target", judged.get("id")).get("/api/audit").then().statusCode(200)
                .body("action", hasItems("automation.decide", "automation.start", "automation.judge"))
                .body("actor", hasItems("automation:" + rule))
                .body("find { it.action == 'automation.decide' }.detail.alert.rule", equalTo(alertRule))
                .body("find { it.action == 'automation.decide' }.detail.alert.value", equalTo(1500f));
        // paged back by id: each page starts below the last id of the one before
        int newest = given().queryParam("target", judged.get("id")).queryParam("limit", 1).get("/api/audit").then()
                .body("size()", equalTo(1)).extract().path("[0].id");
        given().queryParam("target", judged.get("id")).queryParam("limit", 1).queryParam("before", newest)
                .get("/api/audit").then().body("size()", equalTo(1)).body("[0].id", lessThan(newest));
        given().queryParam("before", "soon").get("/api/audit").then().statusCode(400).body("field", equalTo("before"));
    }

    /**
     * A breach must last forSeconds (2 s) to fire: the canary's "before" ends where it began, so the quiet samples
     * before it are what the figure after the apply is compared with. The breach ages out after the apply, the
     * figure back where it was: not improved (ending "before" at the decision credited the ageing out as improved).
     */
    @Test
    void theBreachThatFiredTheAlertIsNotCreditedToTheChangeWhenItAgesOut() {
        String lasting = "lasting-" + env;
        api().body(Map.of("metric", "established", "comparison", "above", "threshold", 1_000, "clearThreshold", 500,
                "forSeconds", 2, "severity", "warning", "labels", "env=" + env))
                .put("/api/alerts/rules/{name}", lasting).then().statusCode(201);
        String rule = "tune-lasting-" + env;
        putRule(rule, applyRule(lasting, "auto")).statusCode(201);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MICROS);
        reportSeries(400, t0, 8);
        Instant breach = t0.plusMillis(400);
        reportSeries(1_500, breach, 50); // 2.45 s by the snapshots' clock: fires at 2 s
        Map<String, Object> started = awaitAction(rule, "STARTED");
        String rolloutId = (String) started.get("rolloutId");

        // the breach's samples lie ahead of the wall clock: applied after the last, so none is "after"
        Instant breachEnd = breach.plusMillis(50L * 50);
        await().atMost(WAIT).until(() -> Instant.now().isAfter(breachEnd));
        answer(awaitCommand(rolloutId, "applyCommandId"), TuningOutcome.APPLIED);
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/rollouts/{id}", rolloutId).then()
                .body("waves[0].hosts[0].state", equalTo("applied")));
        reportSeries(400, Instant.now().truncatedTo(ChronoUnit.MICROS), 8);

        awaitAction(rule, "KEPT");
        given().get("/api/automation/actions/{id}", started.get("id")).then().statusCode(200)
                .body("reason", startsWith("kept: not improved"))
                .body("judgement.verdict.result", equalTo("NO_DIFFERENCE"))
                .body("judgement.hosts." + host + ".before", equalTo(400f))
                .body("judgement.hosts." + host + ".after", equalTo(400f));
    }

    @Test
    void aProposalWaitsForAnOperatorAndTheCooldownStopsASecondActionOnTheHost() {
        String proposing = "propose-" + env;
        putRule(proposing, applyRule(alertRule, "propose")).statusCode(201);
        String second = "second-" + env;
        String secondAlert = "more-connections-" + env;
        alertRule(secondAlert, 2_000);
        putRule(second, applyRule(secondAlert, "auto")).statusCode(201);

        report(1_500, Instant.now().truncatedTo(ChronoUnit.MICROS));
        String proposal = (String) awaitAction(proposing, "PROPOSED").get("id");
        given().get("/api/automation/actions/{id}", proposal).then().body("rolloutId", equalTo(null))
                .body("plan.profile", equalTo(BuiltInProfiles.PROD))
                .body("plan.selector.hosts", equalTo(List.of(host)));

        report(2_500, Instant.now().truncatedTo(ChronoUnit.MICROS));
        Map<String, Object> skipped = awaitAction(second, "SKIPPED");
        // the proposal holds its host while it waits, whatever its cooldown
        given().get("/api/automation/actions/{id}", skipped.get("id")).then()
                .body("reason", equalTo("host " + host + " has an open automation action " + proposal
                        + " (proposed)"));

        given().post("/api/automation/actions/{id}/approve", proposal).then().statusCode(200)
                .body("state", equalTo("APPROVED"));
        awaitAction(proposing, "STARTED");
        given().post("/api/automation/actions/{id}/approve", proposal).then().statusCode(409)
                .body("field", equalTo("state"));
        given().post("/api/automation/actions/{id}/reject", "not-an-id").then().statusCode(404);
        given().queryParam("target", proposal).get("/api/audit").then()
                .body("findAll { it.action == 'POST /api/automation/actions/{id}/approve' }.actor",
                        equalTo(List.of("bootstrap", "bootstrap")))
                .body("findAll { it.action == 'POST /api/automation/actions/{id}/approve' }.outcome",
                        equalTo(List.of("409 conflict: only a proposed action is approved or rejected; this one is"
                                + " started", "200")));
    }

    /** An automatic apply rule answering a fleet alert: the sum of this test's hosts' connections above 1,000. */
    private String fleetAutomation(String rule) {
        String fleetAlert = "fleet-" + rule;
        api().body(Map.of("scope", "fleet", "aggregate", "sum", "metric", "established", "comparison", "above",
                "threshold", 1_000, "severity", "warning", "labels", "env=" + env))
                .put("/api/alerts/rules/{name}", fleetAlert).then().statusCode(201);
        putRule(rule, applyRule(fleetAlert, "auto")).statusCode(201);
        return rule;
    }

    @Test
    void aFleetAlertRollsOutToEveryHostItsRuleSelectsCanaryFirst() {
        String other = "auto-other-" + env;
        SnapshotMessages.register(broker, other, Map.of("env", env));
        String rule = fleetAutomation("fleet-tune-" + env);

        report(1_500, Instant.now().truncatedTo(ChronoUnit.MICROS));
        Map<String, Object> started = awaitAction(rule, "STARTED");
        given().get("/api/automation/actions/{id}", started.get("id")).then()
                .body("alertSubject", equalTo("fleet")).body("hostIds", equalTo(List.of(host, other)));
        given().get("/api/rollouts/{id}", started.get("rolloutId")).then()
                .body("waves.hosts.hostId", equalTo(List.of(List.of(host), List.of(other))));
    }

    @Test
    void aCampaignRuleStartsItsCampaignFromTheAlertingHost() {
        String rule = "probe-now-" + env;
        putRule(rule, Map.of("alertRule", alertRule, "action", "campaign", "mode", "auto", "campaign", Map.of(
                "target", "127.0.0.1:9", "kind", "latency_probe", "connections", 5, "durationSeconds", 5)))
                .statusCode(201);
        report(1_500, Instant.now().truncatedTo(ChronoUnit.MICROS));
        String campaign = await().atMost(WAIT).until(() -> (String) awaitAction(rule, "STARTED").get("campaignId"),
                notNullValue());
        given().get("/api/campaigns/{id}", campaign).then().statusCode(200)
                .body("hosts.hostId", equalTo(List.of(host)));
    }

    @Test
    void aFleetAlertOverMoreHostsThanTheHourlyBudgetIsSkipped() {
        int budget = 20; // tcpfleet.automation.max-hosts-per-hour's default, which the test profile keeps
        for (int i = 0; i < budget; i++) {
            SnapshotMessages.register(broker, host + "-" + i, Map.of("env", env));
        }
        String rule = fleetAutomation("fleet-budget-" + env);

        report(1_500, Instant.now().truncatedTo(ChronoUnit.MICROS));
        Map<String, Object> skipped = awaitAction(rule, "SKIPPED");
        given().get("/api/automation/actions/{id}", skipped.get("id")).then()
                .body("hostIds.size()", equalTo(budget + 1))
                .body("reason", equalTo("this would change " + (budget + 1) + " hosts, and at most " + budget
                        + " may change per hour (tcpfleet.automation.max-hosts-per-hour)"));
    }

    @Test
    void aProposalWhoseAlertResolvedCannotBeApproved() {
        String proposing = "stale-proposal-" + env;
        putRule(proposing, applyRule(alertRule, "propose")).statusCode(201);
        report(1_500, Instant.now().truncatedTo(ChronoUnit.MICROS));
        String proposal = (String) awaitAction(proposing, "PROPOSED").get("id");
        report(100, Instant.now().truncatedTo(ChronoUnit.MICROS));
        await().atMost(WAIT).untilAsserted(() -> given().queryParam("status", "resolved").get("/api/alerts").then()
                .body("find { it.rule == '" + alertRule + "' }.hostId", equalTo(host)));

        given().post("/api/automation/actions/{id}/approve", proposal).then().statusCode(409)
                .body("detail", startsWith("alert " + alertRule + " no longer fires"));
        given().post("/api/automation/actions/{id}/reject", proposal).then().statusCode(200)
                .body("state", equalTo("REJECTED"));
        given().queryParam("state", "rejected").get("/api/automation/actions").then().statusCode(200)
                .body("id", hasItems(proposal));
        given().queryParam("state", "sideways").get("/api/automation/actions").then().statusCode(400)
                .body("field", equalTo("state"));
    }

    @Test
    void aMissingAlertRuleIsNamedAndHostStaleKeepsItsOwnReason() {
        putRule("bad-" + env, applyRule("nope", "auto")).statusCode(400).body("field", equalTo("alertRule"))
                .body("detail", equalTo("no alert rule is named 'nope' (GET /api/alerts/rules)"));
        putRule("bad-" + env, applyRule("host-stale", "auto")).statusCode(400).body("field", equalTo("alertRule"))
                .body("detail", startsWith("host-stale cannot be acted on"));
    }

    @Test
    void aProposalWhoseRuleWasDisabledCannotBeApproved() {
        String proposing = "disabled-" + env;
        putRule(proposing, applyRule(alertRule, "propose")).statusCode(201);
        report(1_500, Instant.now().truncatedTo(ChronoUnit.MICROS));
        String proposal = (String) awaitAction(proposing, "PROPOSED").get("id");
        putRule(proposing, applyRule(alertRule, "propose", "enabled", false)).statusCode(200);

        given().post("/api/automation/actions/{id}/approve", proposal).then().statusCode(409)
                .body("detail", equalTo("automation rule '" + proposing + "' was disabled since the decision; reject"
                        + " the proposal instead"));
        given().get("/api/automation/actions/{id}", proposal).then().body("state", equalTo("PROPOSED"));
    }

    /** An automatic rule answering this test's alert rule with an apply of a profile of its own; its name. */
    private String ruleWithItsOwnProfile(String prefix, String profile) {
        api().body(Map.of("settings", Map.of("net.core.somaxconn", "4096"))).put("/api/profiles/{name}", profile)
                .then().statusCode(201);
        String rule = prefix + "-rule-" + env;
        putRule(rule, applyRule(alertRule, "auto", "profile", profile)).statusCode(201);
        return rule;
    }

    @Test
    void anAlertRuleOrProfileInUseIsDeletedOnlyWithForceWhichStopsTheAutomationRuleAndSaysWhy() {
        String profile = "dep-" + env;
        String rule = ruleWithItsOwnProfile("dep", profile);

        given().delete("/api/alerts/rules/{name}", alertRule).then().statusCode(409).body("error", equalTo("in_use"))
                .body("field", equalTo(null)).body("detail", startsWith("automation rule '" + rule + "' uses alert"
                        + " rule '" + alertRule + "'"));
        given().delete("/api/profiles/{name}", profile).then().statusCode(409).body("error", equalTo("in_use"))
                .body("detail", startsWith("automation rule '" + rule + "' uses profile '" + profile + "'"));
        given().queryParam("force", "maybe").delete("/api/profiles/{name}", profile).then().statusCode(400)
                .body("field", equalTo("force"));
        given().get("/api/automation/rules/{name}", rule).then().body("enabled", equalTo(true))
                .body("stoppedReason", equalTo(null));

        given().queryParam("force", "true").delete("/api/profiles/{name}", profile).then().statusCode(204);
        given().get("/api/automation/rules/{name}", rule).then().body("enabled", equalTo(false))
                .body("stoppedReason", equalTo("stopped: profile '" + profile + "' was deleted with force"));
        given().queryParam("target", "automation-rule:" + rule).get("/api/audit").then()
                .body("action", hasItems("automation.stop")).body("actor", hasItems("automation:" + rule));
        report(1_500, Instant.now().truncatedTo(ChronoUnit.MICROS));

        given().queryParam("force", "true").delete("/api/alerts/rules/{name}", alertRule).then().statusCode(204);
        given().get("/api/automation/rules/{name}", rule).then().body("stoppedReason",
                equalTo("stopped: alert rule '" + alertRule + "' was deleted with force"));
        given().get("/api/automation/actions").then().body("findAll { it.rule == '" + rule + "' }.size()",
                equalTo(0));
    }

    @Test
    void aRuleWhosePinnedProfileIsGoneStopsAndSaysWhyBeforeItsNextAlert() {
        String profile = "gone-" + env;
        String rule = ruleWithItsOwnProfile("pinned", profile);
        // decided in the same transaction as the pinned rule would be: once it proposed, the alert was decided on
        String witness = "witness-" + env;
        putRule(witness, applyRule(alertRule, "propose")).statusCode(201);
        // deleted behind the rule's back, as by a control plane from before deletes were checked
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE profile_versions SET deleted_at = now() WHERE name = ?1").setParameter(1, profile)
                .executeUpdate());

        await().atMost(WAIT).untilAsserted(() -> given().get("/api/automation/rules/{name}", rule).then()
                .body("enabled", equalTo(false))
                .body("stoppedReason", equalTo("stopped: profile " + profile + " v1 no longer exists: the profile"
                        + " was deleted")));
        given().queryParam("target", "automation-rule:" + rule).get("/api/audit").then()
                .body("action", hasItems("automation.stop")).body("actor", hasItems("automation:" + rule));

        report(1_500, Instant.now().truncatedTo(ChronoUnit.MICROS));
        awaitAction(witness, "PROPOSED");
        given().get("/api/automation/actions").then().body("findAll { it.rule == '" + rule + "' }.size()",
                equalTo(0));
    }

    @Test
    void aProposalNobodyAnswersExpiresAndCanNoLongerBeApproved() {
        String proposing = "expiring-" + env;
        putRule(proposing, applyRule(alertRule, "propose")).statusCode(201);
        report(1_500, Instant.now().truncatedTo(ChronoUnit.MICROS));

        String proposal = (String) awaitAction(proposing, "EXPIRED").get("id"); // proposal-ttl is 20s in tests
        given().get("/api/automation/actions/{id}", proposal).then().body("reason", startsWith("expired: proposed at"))
                .body("reason", containsString("(tcpfleet.automation.proposal-ttl)"));
        given().post("/api/automation/actions/{id}/approve", proposal).then().statusCode(409)
                .body("detail", endsWith("this one is expired"));
        given().queryParam("target", proposal).get("/api/audit").then()
                .body("action", hasItems("automation.decide", "automation.expire"));
    }

    /** An action as the decision would have stored it, READY to apply the production profile on this test's host. */
    private AutomationAction readyAction(String rule) {
        RolloutRequest plan = new RolloutRequest(BuiltInProfiles.PROD, null, new SelectorRequest(List.of(host), null,
                null, false), 1, null, 1, "wait", true, null, false, List.of(alertRule), null);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        AutomationAction action = new AutomationAction(UUID.randomUUID().toString(), rule, 0, alertRule, host,
                "established", "ABOVE", 1_500, AutomationRule.Action.APPLY_PROFILE, List.of(host),
                AutomationAction.State.READY, null, ProtocolJson.mapper().convertValue(plan, Map.class), null, null,
                null, now, null, now, now.plusSeconds(60), null);
        QuarkusTransaction.requiringNew().run(() -> actions.insert(action));
        return action;
    }

    private AutomationAction awaitState(String id, AutomationAction.State state) {
        return await().atMost(WAIT).until(() -> actions.find(id).orElseThrow(), a -> a.state() == state);
    }

    @Test
    void anActionWhoseRuleWasDeletedOrDisabledSinceTheDecisionIsSkippedAtStart() {
        AutomationAction deleted = readyAction("deleted-" + env);
        assertEquals("automation rule 'deleted-" + env + "' was deleted since the decision",
                awaitState(deleted.id(), AutomationAction.State.SKIPPED).reason());

        String disabled = "disabled-" + env;
        putRule(disabled, applyRule(alertRule, "propose", "enabled", false)).statusCode(201);
        AutomationAction ofDisabled = readyAction(disabled);
        assertEquals("automation rule '" + disabled + "' was disabled since the decision",
                awaitState(ofDisabled.id(), AutomationAction.State.SKIPPED).reason());
    }

    /** A tick that created the rollout and stopped before recording it: the next records it, and starts no other. */
    @Test
    void anActionWhoseRolloutExistsAlreadyIsStartedWithIt() {
        AutomationAction action = readyAction("crashed-" + env);
        // created before the action is read: the rule's absence must not skip an action whose rollout runs
        rollouts.create(action.id(), ProtocolJson.mapper().convertValue(action.plan(), RolloutRequest.class),
                Actor.automation(action.rule(), action.id()));
        assertEquals(action.id(), awaitState(action.id(), AutomationAction.State.STARTED).rolloutId());
    }

    /** The budget counts a host changed once its apply answered APPLIED, and until then as being changed. */
    @Test
    void theHourlyBudgetCountsAHostChangedOnceItsApplyAnsweredApplied() {
        String rule = "budget-" + env;
        putRule(rule, applyRule(alertRule, "auto")).statusCode(201);
        report(1_500, Instant.now().truncatedTo(ChronoUnit.MICROS));
        String rolloutId = (String) awaitAction(rule, "STARTED").get("rolloutId");
        Instant hourAgo = Instant.now().minusSeconds(3600);
        String apply = awaitCommand(rolloutId, "applyCommandId");
        AutomationActionStore.BudgetUse before = actions.budgetUse(hourAgo);

        answer(apply, TuningOutcome.APPLIED);
        // only this test answers applies now; other tests' rollouts may end meanwhile, so fewer may be changing
        AutomationActionStore.BudgetUse after = await().atMost(WAIT).until(() -> actions.budgetUse(hourAgo),
                use -> use.changed() == before.changed() + 1);
        assertTrue(after.changing() <= before.changing() - 1, before + " then " + after);
    }

    /** The host command id of the rollout's wave 0 command in {@code field}, once it is issued. */
    private static String awaitCommand(String rolloutId, String field) {
        String command = await().atMost(WAIT).until(() -> given().get("/api/rollouts/{id}", rolloutId).then()
                .extract().<String>path("waves[0]." + field), notNullValue());
        return given().get("/api/commands/{id}", command).then().extract().path("hosts[0].commandId");
    }

    private void answer(String hostCommandId, TuningOutcome outcome) {
        try (SnapshotMessages messages = new SnapshotMessages(broker)) {
            messages.sendResult(new TuningResult(hostCommandId, host, outcome, List.of(new KeyChange(
                    "net.core.somaxconn", "4096", "8192", "8192")), null, List.of(), List.of(),
                    Instant.now().truncatedTo(ChronoUnit.MICROS), null));
        }
    }
}
