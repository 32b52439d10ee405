package dev.tcpfleet.controlplane.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcpfleet.controlplane.campaigns.CampaignRequest;
import dev.tcpfleet.controlplane.rollouts.RolloutRequest;
import dev.tcpfleet.protocol.ProtocolJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The REST API refuses a request body's unknown field; what the control plane stored itself does not get that
 * treatment: a row written by another version (a field since dropped, or added by a newer one) must still read back.
 */
class JsonColumnsTest {
    @Test
    void aStoredRequestWithAFieldThisVersionDoesNotKnowStillReadsBack() {
        CampaignRequest campaign = JsonColumns.read("""
                {"target": "127.0.0.1:9", "kind": "latency_probe", "connections": 5, "retiredField": true}
                """, CampaignRequest.class);

        assertEquals(new CampaignRequest(null, "127.0.0.1:9", "latency_probe", 5, null, null, null, null, null, null),
                campaign);
    }

    @Test
    void aStoredAutomationPlanWithAFieldThisVersionDoesNotKnowStillBecomesItsRollout() {
        // as AutomationEngine turns an action's stored plan into the rollout it starts
        RolloutRequest rollout = ProtocolJson.mapper().convertValue(Map.of("profile", "web", "canary", 1, "dryRun", false,
                "metricChecks", List.of(Map.of("metric", "time_wait", "window", "5m")), "startedBy", "rule"),
                RolloutRequest.class);

        assertEquals("web", rollout.profile());
        assertEquals(List.of(new RolloutRequest.MetricCheckRequest("time_wait", null, null)), rollout.metricChecks());
    }
}
