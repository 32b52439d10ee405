package dev.tcpfleet.domain.automation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcpfleet.domain.alerts.AlertRule.Comparison;
import dev.tcpfleet.domain.automation.ClosedLoop.Figures;
import dev.tcpfleet.domain.automation.ClosedLoop.Verdict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClosedLoopTest {
    private static ClosedLoop.Judgement judge(Comparison comparison, Map<String, Figures> hosts) {
        return ClosedLoop.judge("time_wait", comparison, hosts, 0.1, 1);
    }

    @Test
    void everyHostLowerIsAnImprovement() {
        var judgement = judge(Comparison.ABOVE, Map.of("a", new Figures(12000, 3000.0)));
        assertEquals(Verdict.IMPROVED, judgement.verdict());
        assertEquals(List.of("a: time_wait 12000.0 → 3000.0, better"), judgement.reasons());
    }

    @Test
    void oneHostWorseBeyondTheToleranceIsWorseWhateverTheOthersDid() {
        Map<String, Figures> hosts = new LinkedHashMap<>();
        hosts.put("a", new Figures(12000, 1000.0));
        hosts.put("b", new Figures(10000, 11001.0));
        var judgement = judge(Comparison.ABOVE, hosts);
        assertEquals(Verdict.WORSE, judgement.verdict());
        assertEquals("b: time_wait 10000.0 → 11001.0, worse", judgement.reasons().get(1));
    }

    @Test
    void aFigureAtZeroIsWorseOnlyBeyondTheFloor() {
        assertEquals(Verdict.NO_BETTER, judge(Comparison.ABOVE, Map.of("a", new Figures(0, 0.5))).verdict());
        assertEquals(Verdict.NO_BETTER, judge(Comparison.ABOVE, Map.of("a", new Figures(0, 1.0))).verdict());
        assertEquals(Verdict.WORSE, judge(Comparison.ABOVE, Map.of("a", new Figures(0, 1.5))).verdict());
    }

    @Test
    void aRiseWithinTheToleranceIsNoBetterButNotWorse() {
        assertEquals(Verdict.NO_BETTER, judge(Comparison.ABOVE, Map.of("a", new Figures(10000, 11000.0))).verdict());
    }

    @Test
    void forABelowRuleAFallIsWorse() {
        assertEquals(Verdict.WORSE, judge(Comparison.BELOW, Map.of("a", new Figures(100, 80.0))).verdict());
        assertEquals(Verdict.IMPROVED, judge(Comparison.BELOW, Map.of("a", new Figures(100, 120.0))).verdict());
    }

    @Test
    void aHostWithoutSnapshotsAfterIsNotJudgedAndKeepsTheVerdictFromImproved() {
        Map<String, Figures> hosts = new LinkedHashMap<>();
        hosts.put("a", new Figures(12000, 1000.0));
        hosts.put("b", new Figures(12000, null));
        var judgement = judge(Comparison.ABOVE, hosts);
        assertEquals(Verdict.NO_BETTER, judgement.verdict());
        assertEquals("b: not judged, no figure before and after the apply", judgement.reasons().get(1));
    }
}
