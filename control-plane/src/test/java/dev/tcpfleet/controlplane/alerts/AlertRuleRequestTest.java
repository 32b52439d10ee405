package dev.tcpfleet.controlplane.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.tcpfleet.controlplane.errors.Refused;
import dev.tcpfleet.domain.alerts.AlertRule;
import dev.tcpfleet.domain.alerts.AlertRule.Comparison;
import dev.tcpfleet.domain.alerts.AlertRule.Scope;
import dev.tcpfleet.domain.alerts.AlertRule.Severity;
import dev.tcpfleet.domain.metrics.SnapshotMetric;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AlertRuleRequestTest {
    private static AlertRuleRequest request(String scope, String metric, Integer forSeconds, String labels) {
        return new AlertRuleRequest(scope, metric, null, "above", 100.0, null, forSeconds, "warning", labels, null);
    }

    private static String refusedField(AlertRuleRequest request) {
        Refused refusal = assertThrows(Refused.class, () -> request.toRule("r"));
        assertEquals("invalid_request", refusal.error());
        return refusal.field();
    }

    @Test
    void anUnscopedRuleJudgesEachHostAtOnceAndClearsAtItsThreshold() {
        AlertRuleStore.StoredRule stored = request(null, "time_wait", null, null).toRule("tw");

        assertEquals(new AlertRule("tw", Scope.HOST, SnapshotMetric.TIME_WAIT, null, Comparison.ABOVE, 100, 100,
                Duration.ZERO, Severity.WARNING), stored.rule());
        assertNull(stored.labels());
    }

    @Test
    void aRuleAsShownIsTakenBackWithItsNameButAMisspeltFieldIsNot() throws Exception {
        ObjectMapper api = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        AlertRuleView shown = new AlertRuleView("tw", "host", "time_wait", null, "above", 100, 90, 60, "warning",
                "env=prod", "https://wiki.example.com/tw");

        AlertRuleRequest edited = api.readValue(api.writeValueAsString(shown), AlertRuleRequest.class);

        assertEquals(new AlertRuleRequest("host", "time_wait", null, "above", 100.0, 90.0, 60, "warning", "env=prod",
                "https://wiki.example.com/tw"),
                edited);
        assertThrows(UnrecognizedPropertyException.class, () -> api.readValue("""
                {"metric": "time_wait", "comparison": "above", "threshold": 1, "severity": "warning", "forSecs": 60}
                """, AlertRuleRequest.class));
    }

    @Test
    void eachFieldOutOfBoundsIsNamed() {
        assertEquals("scope", refusedField(request("galaxy", "time_wait", null, null)));
        assertEquals("metric", refusedField(request(null, "cpu", null, null)));
        assertEquals("threshold", refusedField(new AlertRuleRequest(null, "time_wait", null, "above",
                Double.POSITIVE_INFINITY, null, null, "warning", null, null)));
        assertEquals("runbook", refusedField(new AlertRuleRequest(null, "time_wait", null, "above", 1.0, null, null,
                "warning", null, "wiki/time-wait")));
        assertEquals("forSeconds", refusedField(request(null, "time_wait", -1, null)));
        assertEquals("forSeconds", refusedField(request(null, "time_wait", AlertRuleRequest.MAX_FOR_SECONDS + 1,
                null)));
        assertEquals("labels", refusedField(request(null, "time_wait", null, "env=='x'")));
    }

    @Test
    void aCampaignRuleTakesNoLabels() {
        assertEquals("labels", refusedField(request("campaign", "campaign_error_rate", null, "env=prod")));
    }
}
