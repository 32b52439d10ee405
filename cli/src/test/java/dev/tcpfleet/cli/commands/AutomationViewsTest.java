package dev.tcpfleet.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AutomationViewsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> HOSTNAMES = Map.of("h1", "web-1.example.com");

    private static final String RULES = """
            [{"name": "tw-apply", "alertRule": "time-wait-high", "action": "apply_profile", "profile": "web-tuning",
              "profileVersion": 3, "bakeSeconds": 300, "campaign": null, "mode": "propose", "cooldownSeconds": 1800,
              "enabled": true},
             {"name": "probe", "alertRule": "retrans-high", "action": "campaign", "profile": null,
              "profileVersion": null, "bakeSeconds": null, "campaign": {"target": "10.0.0.5:80", "kind": null},
              "mode": "auto", "cooldownSeconds": 90, "enabled": false},
             {"name": "pinned-gone", "alertRule": "time-wait-high", "action": "apply_profile", "profile": "old",
              "profileVersion": 1, "mode": "auto", "cooldownSeconds": 7200, "enabled": true,
              "stoppedReason": "profile old v1 was deleted"}]""";

    /** The canary judge's verdict, as the judge stores it in an action's judgement. */
    private static final String JUDGED = """
            {"id": "a1", "rule": "tw-apply", "alertRule": "time-wait-high", "alertSubject": "h1", "metric": "time_wait",
             "comparison": "ABOVE", "alertValue": 12000.0, "action": "APPLY_PROFILE", "hostIds": ["h1"],
             "state": "KEPT", "reason": "kept: better", "plan": {"profile": "web-tuning", "version": 3,
             "selector": {"hosts": ["h1"], "labels": null}, "canary": 1, "metricChecks": null},
             "rolloutId": "r1", "campaignId": null, "createdAt": "2026-12-07T20:00:00Z",
             "updatedAt": "2026-12-07T20:10:00Z",
             "judgement": {"verdict": {"metric": "time_wait", "result": "BETTER", "mode": "%s", "weaker": %s,
               "test": "Mann-Whitney U", "u": 123.0, "p": 0.0123456, "effect": -812.5, "effectPercent": -41.0,
               "minEffect": 30.0, "canary": {"hosts": ["h1"], "samples": 24, "median": 1100.0},
               "baseline": {"hosts": ["h2", "h3"], "samples": 48, "median": 1912.5},
               "window": {"from": "2026-12-07T20:00:00Z", "to": "2026-12-07T20:05:00Z"},
               "summary": "time_wait lower on the canary than on 2 baseline hosts"}}}""";

    /** The closed loop's judgement before the canary judge: a word, reasons and each host's before and after. */
    private static final String LEGACY = """
            {"id": "a2", "rule": "tw-apply", "alertRule": "time-wait-high", "alertSubject": "h1", "metric": "time_wait",
             "comparison": "ABOVE", "alertValue": 12000.0, "action": "APPLY_PROFILE", "hostIds": ["h1", "h9"],
             "state": "KEPT", "reason": "kept: improved", "plan": {}, "rolloutId": "r2", "campaignId": null,
             "createdAt": "2026-12-07T20:00:00Z", "updatedAt": "2026-12-07T20:10:00Z",
             "judgement": {"verdict": "IMPROVED", "reasons": ["h1: time_wait 12000 -> 800"],
               "hosts": {"h1": {"before": 12000.0, "after": 800.5}}}}""";

    /** Columns apart by two spaces, however wide the table made them. */
    private static String squeezed(String table) {
        return table.replaceAll(" {2,}", "  ");
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void rulesShowWhatEachAppliesItsCooldownAndWhyOneStopped() throws Exception {
        String[] lines = AutomationViews.rules(json(RULES)).split("\\n");

        assertTrue(lines[0].matches("NAME +ALERT RULE +ACTION +APPLIES +MODE +COOLDOWN +ENABLED"), lines[0]);
        assertTrue(lines[1].matches("tw-apply +time-wait-high +apply_profile +web-tuning@3 +propose +30m +yes"),
                lines[1]);
        assertTrue(lines[2].matches("probe +retrans-high +campaign +campaign connect 10\\.0\\.0\\.5:80 +auto +90s +no"),
                lines[2]);
        assertTrue(lines[3].endsWith("2h        stopped: profile old v1 was deleted"), lines[3]);
    }

    @Test
    void anActionsListNamesTheAlertingHostAndTheVerdictInAWord() throws Exception {
        String table = AutomationViews.actions(json("[" + JUDGED.formatted("before_after", "true") + ","
                + LEGACY + "]"), HOSTNAMES);

        String[] lines = table.split("\\n");
        assertTrue(lines[0].matches("ID +RULE +ALERT +STATE +AGE +STARTED +VERDICT"), lines[0]);
        assertTrue(lines[1].matches("a1 +tw-apply +time-wait-high on web-1\\.example\\.com +KEPT +\\S+ +rollout r1"
                + " +BETTER \\(weaker\\)"), lines[1]);
        assertTrue(lines[2].matches("a2 .* +rollout r2 +IMPROVED"), lines[2]);
    }

    @Test
    void theJudgesVerdictReadsAsOneLineWithTestSamplesEffectPAndMode() throws Exception {
        JsonNode verdict = json(JUDGED.formatted("baseline", "false")).path("judgement").path("verdict");

        assertEquals("BETTER: Mann-Whitney U, 24 canary and 48 baseline samples, effect -812.5, -41% (minimum 30),"
                + " p=0.0123, mode baseline", AutomationViews.summary(verdict));
        JsonNode weaker = json(JUDGED.formatted("before_after", "true")).path("judgement").path("verdict");
        assertTrue(AutomationViews.summary(weaker).endsWith(", mode before/after, weaker"),
                AutomationViews.summary(weaker));
    }

    @Test
    void anActionShowsItsPlanAndVerdictWhicheverShapeItCameIn() throws Exception {
        String judged = squeezed(AutomationViews.action(json(JUDGED.formatted("baseline", "false")), HOSTNAMES));
        assertTrue(judged.contains("\nalert  time-wait-high on web-1.example.com: time_wait above, 12000 when it"
                + " fired\n"), judged);
        assertTrue(judged.contains("\nplan selector.hosts  h1\n"), judged);
        assertTrue(judged.contains("\nverdict  BETTER: Mann-Whitney U"), judged);
        assertTrue(judged.contains("\n  time_wait lower on the canary than on 2 baseline hosts\n"), judged);
        assertTrue(judged.contains("\nbaseline  h2, h3 (median 1912.5)\n"), judged);

        String legacy = squeezed(AutomationViews.action(json(LEGACY), HOSTNAMES));
        assertTrue(legacy.contains("\nhosts  web-1.example.com, h9\n"), legacy);
        assertTrue(legacy.contains("\nverdict  IMPROVED\n  h1: time_wait 12000 -> 800\n  h1  12000 -> 800.5\n"),
                legacy);
    }
}
