package dev.tcpfleet.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutProgressTest {
    private static final Instant NOW = Instant.parse("2026-12-07T15:00:00Z");

    private static JsonNode rollout(String state, String canaryHost, String... waveTwoHosts) throws Exception {
        StringBuilder hosts = new StringBuilder();
        for (int i = 0; i < waveTwoHosts.length; i++) {
            hosts.append(i == 0 ? "" : ",").append(host("h" + (i + 1), waveTwoHosts[i]));
        }
        return new ObjectMapper().readTree("""
                {"id": "r1", "profile": "p", "version": 2, "state": "%s", "reason": null, "percentApplied": 33,
                 "hostsTotal": 3, "hostsAnswered": 2,
                 "waves": [
                   {"wave": 0, "number": 1, "phase": "PASSED", "gate": "PASS", "hosts": [%s]},
                   {"wave": 1, "number": 2, "phase": "ANSWERING", "gate": null, "hosts": [%s]}]}
                """.formatted(state, host("h0", canaryHost), hosts));
    }

    /** A host in {@code state}, with the outcome the API shows beside it ("failed" here: given up, no answer). */
    private static String host(String id, String state) {
        String outcome = switch (state) {
            case "applied", "rolled_back" -> "\"APPLIED\"";
            case "planned" -> "\"PLANNED\"";
            default -> "null";
        };
        return "{\"hostId\": \"%s\", \"state\": \"%s\", \"outcome\": %s}".formatted(id, state, outcome);
    }

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void oneLineForTheRolloutThenABarPerWaveNumberedFromOne() throws Exception {
        assertEquals(List.of("rollout r1  p v2  RUNNING  applied 33%",
                "  wave 1  [####################]  1/1  100%  PASSED  gate PASS",
                "  wave 2  [##########----------]  1/2  50%  ANSWERING"),
                RolloutProgress.lines(rollout("RUNNING", "applied", "applied", "sent"), NOW));
    }

    @Test
    void whoStartedTheRolloutAndWhoRolledItBackFollowItsLineUnknownForOneFromBeforeAttribution() throws Exception {
        String rollout = """
                {"id": "r1", "profile": "p", "version": 2, "state": "%s", "percentApplied": 0, "startedBy": %s,
                 "rolledBackBy": %s, "waves": []}""";
        assertEquals(List.of("rollout r1  p v2  RUNNING  applied 0%", "  started by user:alice"),
                RolloutProgress.lines(json(rollout.formatted("RUNNING", "\"user:alice\"", "null")), NOW));
        assertEquals(List.of("rollout r1  p v2  ROLLED_BACK  applied 0%",
                "  started by automation:fix-tw, rolled back by closed-loop:fix-tw"),
                RolloutProgress.lines(json(rollout.formatted("ROLLED_BACK", "\"automation:fix-tw\"",
                        "\"closed-loop:fix-tw\"")), NOW));
        assertEquals(List.of("rollout r1  p v2  ROLLING_BACK  applied 0%",
                "  started by unknown, rolled back by user:bob"),
                RolloutProgress.lines(json(rollout.formatted("ROLLING_BACK", "null", "\"user:bob\"")), NOW));
    }

    @Test
    void eachWaveShowsTheJudgesVerdictOnEachCheckBelowIt() throws Exception {
        JsonNode judged = json("""
                {"id": "r1", "profile": "p", "version": 2, "state": "RUNNING", "percentApplied": 50,
                 "waves": [{"wave": 0, "number": 1, "phase": "PASSED", "gate": "PASS",
                            "hosts": [{"hostId": "a", "state": "applied", "outcome": "APPLIED"}],
                            "verdicts": [{"metric": "time_wait", "result": "BETTER", "mode": "baseline",
                                          "weaker": false, "summary": "time_wait lower on the canary than on 2 baseline hosts"},
                                         {"metric": "retransmits_per_s", "result": "NO_DIFFERENCE",
                                          "mode": "before_after", "weaker": true, "summary": "retransmits_per_s no different"}]}]}""");
        assertEquals(List.of("rollout r1  p v2  RUNNING  applied 50%",
                "  wave 1  [####################]  1/1  100%  PASSED  gate PASS",
                "    BETTER  time_wait lower on the canary than on 2 baseline hosts",
                "    NO_DIFFERENCE (weaker)  retransmits_per_s no different"), RolloutProgress.lines(judged, NOW));
    }

    @Test
    void aDryRunShowsItsAnswersNotAnAppliedShare() throws Exception {
        JsonNode dryRun = json("""
                {"id": "r1", "profile": "p", "version": 2, "state": "DRY_RUN", "percentApplied": 0,
                 "hostsTotal": 2, "hostsAnswered": 2,
                 "waves": [{"wave": 0, "number": 1, "phase": "DRY_RUN",
                            "hosts": [{"hostId": "a", "state": "planned", "outcome": "PLANNED"},
                                      {"hostId": "b", "state": "planned", "outcome": "PLANNED"}]}]}""");
        assertEquals(List.of("rollout r1  p v2  DRY_RUN  answered 2/2",
                "  wave 1  [####################]  2/2  100%  DRY_RUN"), RolloutProgress.lines(dryRun, NOW));
    }

    @Test
    void aHostGivenUpOnIsNotAnsweredInTheBarAsInTheRolloutsCount() throws Exception {
        JsonNode dryRun = json("""
                {"id": "r1", "profile": "p", "version": 2, "state": "DRY_RUN", "percentApplied": 0,
                 "hostsTotal": 4, "hostsAnswered": 2,
                 "waves": [{"wave": 0, "number": 1, "phase": "DRY_RUN",
                            "hosts": [{"hostId": "a", "state": "planned", "outcome": "PLANNED"},
                                      {"hostId": "b", "state": "planned", "outcome": "PLANNED"},
                                      {"hostId": "c", "state": "failed", "outcome": null},
                                      {"hostId": "d", "state": "failed"}]}]}""");
        assertEquals(List.of("rollout r1  p v2  DRY_RUN  answered 2/4",
                "  wave 1  [##########----------]  2/4  50%  DRY_RUN"), RolloutProgress.lines(dryRun, NOW));
    }

    @Test
    void aBakingWaveCountsDownToItsGate() throws Exception {
        String wave = """
                {"id": "r1", "profile": "p", "version": 2, "state": "RUNNING", "percentApplied": 100,
                 "waves": [{"wave": 0, "number": 1, "phase": "BAKING", "bakeUntil": "%s",
                            "hosts": [{"hostId": "a", "state": "applied", "outcome": "APPLIED"}]}]}""";
        assertEquals("  wave 1  [####################]  1/1  100%  BAKING, 3m12s left",
                RolloutProgress.lines(json(wave.formatted(NOW.plusSeconds(192))), NOW).get(1));
        assertEquals("  wave 1  [####################]  1/1  100%  BAKING, bake over, gate being judged",
                RolloutProgress.lines(json(wave.formatted(NOW.minusSeconds(1))), NOW).get(1));
    }

    @Test
    void aLogSaysWhenTheBakeEndsRatherThanCountingEverySecond() throws Exception {
        JsonNode baking = json("""
                {"id": "r1", "profile": "p", "version": 2, "state": "RUNNING", "percentApplied": 100,
                 "waves": [{"wave": 0, "number": 1, "phase": "BAKING", "bakeUntil": "2026-12-07T18:52:31.123456Z",
                            "hosts": [{"hostId": "a", "state": "applied", "outcome": "APPLIED"}]}]}""");
        assertEquals("  wave 1  [####################]  1/1  100%  BAKING, bakes until 2026-12-07T18:52:31Z",
                RolloutProgress.lines(baking, null).get(1));
    }

    @Test
    void aWaveBeingRolledBackCountsItsRollbacksAnswers() throws Exception {
        JsonNode rollingBack = json("""
                {"id": "r1", "profile": "p", "version": 2, "state": "ROLLING_BACK", "percentApplied": 50,
                 "reason": "rolled back by an operator",
                 "waves": [{"wave": 0, "number": 1, "phase": "ROLLING_BACK", "hosts": [
                   {"hostId": "a", "state": "rolled_back", "rollbackStatus": "ANSWERED", "rollbackOutcome": "REVERTED"},
                   {"hostId": "b", "state": "applied", "rollbackStatus": "SENT", "rollbackOutcome": null},
                   {"hostId": "c", "state": "applied", "outcome": "UNCHANGED", "rollbackStatus": null}]}]}""");
        assertEquals(List.of("rollout r1  p v2  ROLLING_BACK  applied 50%  (rolled back by an operator)",
                "  wave 1  [##########----------]  1/2  50%  ROLLING_BACK"), RolloutProgress.lines(rollingBack, NOW));
        assertFalse(RolloutProgress.rolledBack(rollingBack));
    }

    @Test
    void aRollbackSucceededOnlyWhenEveryHostItWentToReverted() throws Exception {
        String rolledBack = """
                {"state": "ROLLED_BACK", "waves": [{"number": 1, "hosts": [
                   {"hostId": "a", "rollbackStatus": "ANSWERED", "rollbackOutcome": "%s"},
                   {"hostId": "c", "rollbackStatus": null}]}]}""";
        assertTrue(RolloutProgress.rolledBack(json(rolledBack.formatted("REVERTED"))));
        assertFalse(RolloutProgress.rolledBack(json(rolledBack.formatted("FAILED"))));
    }

    @Test
    void aWaitEndsWhenNothingMoreHappensWithoutAnOperator() throws Exception {
        assertFalse(RolloutProgress.ended(rollout("RUNNING", "applied", "sent", "sent")));
        assertFalse(RolloutProgress.ended(rollout("PAUSED", "applied", "pending", "pending")), "resume may come");
        assertFalse(RolloutProgress.ended(rollout("ROLLING_BACK", "applied", "pending", "pending")));
        assertTrue(RolloutProgress.ended(rollout("COMPLETED", "applied", "applied", "applied")));
        assertTrue(RolloutProgress.ended(rollout("HALTED", "failed", "pending", "pending")));
        assertTrue(RolloutProgress.ended(rollout("ROLLED_BACK", "rolled_back", "pending", "pending")));
        assertFalse(RolloutProgress.ended(rollout("DRY_RUN", "planned", "planned", "sent")), "a host still to answer");
        assertTrue(RolloutProgress.ended(rollout("DRY_RUN", "planned", "planned", "failed")));
    }

    @Test
    void onlyARolledBackOrHaltedRolloutFailed() throws Exception {
        assertTrue(RolloutProgress.succeeded(rollout("COMPLETED", "applied", "applied")));
        assertTrue(RolloutProgress.succeeded(rollout("DRY_RUN", "planned", "planned")));
        assertFalse(RolloutProgress.succeeded(rollout("ROLLED_BACK", "rolled_back", "pending")));
        assertFalse(RolloutProgress.succeeded(rollout("HALTED", "failed", "pending")));
    }
}
