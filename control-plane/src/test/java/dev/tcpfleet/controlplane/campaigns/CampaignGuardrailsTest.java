package dev.tcpfleet.controlplane.campaigns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tcpfleet.controlplane.errors.Refused;
import dev.tcpfleet.controlplane.campaigns.CampaignGuardrails.Running;
import dev.tcpfleet.domain.stress.TargetAllowlist;
import dev.tcpfleet.protocol.stress.StressKind;
import dev.tcpfleet.protocol.stress.StressRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CampaignGuardrailsTest {
    private final CampaignGuardrails guardrails = new CampaignGuardrails(
            new CampaignGuardrails.Limits(1000, 100, 500, 60, 10, 5000, 2),
            TargetAllowlist.of(List.of("10.0.0.0/24", "fd00::/64"), List.of("80", "8000-8099")));

    private static CampaignRequest load(String target, Integer connections, Integer concurrency, Integer rate,
            Integer duration) {
        return new CampaignRequest(null, target, null, connections, concurrency, rate, duration, null, null, null);
    }

    private Refused refusal(CampaignRequest request) {
        return assertThrows(Refused.class, () -> guardrails.request("c-1", request));
    }

    @Test
    void anAllowedRequestBecomesTheTestEveryHostRuns() {
        StressRequest test = guardrails.request("c-1", new CampaignRequest(null, "10.0.0.5:8080", "connect_load", 200,
                20, 100, 5, 2000, "GET / HTTP/1.0\r\n\r\n", 1024));

        assertEquals(new StressRequest(StressRequest.SCHEMA_VERSION, "c-1", StressKind.CONNECT_LOAD, "10.0.0.5", 8080,
                200, 20, 100, "GET / HTTP/1.0\r\n\r\n", null, 1024, 2000, 5000), test);
        assertEquals("fd00:0:0:0:0:0:0:5", guardrails.request("c-1", load("[fd00::5]:80", null, null, null, null))
                .host());
        assertEquals(1, guardrails.request("c-1", new CampaignRequest(null, "10.0.0.5:80", "latency_probe", null,
                null, null, null, null, null, null)).concurrency());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10.0.1.5:80         | target_not_allowed | target",
            "10.0.0.5:443        | target_not_allowed | target",
            "[fd01::5]:80        | target_not_allowed | target",
            "example.com:80      | invalid_request    | target",
            "10.0.0.5            | invalid_request    | target",
            "10.0.0.5:0          | invalid_request    | target",
            "fd00::5:80          | invalid_request    | target",
    })
    void onlyAllowlistedAddressLiteralsAreTargets(String target, String error, String field) {
        Refused refusal = refusal(load(target, null, null, null, null));

        assertEquals(error, refusal.error(), refusal.getMessage());
        assertEquals(field, refusal.field());
    }

    @Test
    void capsNameTheirField() {
        assertEquals("connections", refusal(load("10.0.0.5:80", 1001, null, null, null)).field());
        assertEquals("concurrency", refusal(load("10.0.0.5:80", null, 101, null, null)).field());
        assertEquals("rate", refusal(load("10.0.0.5:80", null, null, 501, null)).field());
        assertEquals("durationSeconds", refusal(load("10.0.0.5:80", null, null, null, 61)).field());
        assertEquals("connections", refusal(load("10.0.0.5:80", 0, null, null, null)).field());
        assertEquals("kind", refusal(new CampaignRequest(null, "10.0.0.5:80", "flood", null, null, null, null, null,
                null, null)).field());
        assertEquals("concurrency", refusal(new CampaignRequest(null, "10.0.0.5:80", "latency_probe", null, 5, null,
                null, null, null, null)).field());
    }

    @Test
    void theFleetBudgetCountsEveryRunningCampaign() {
        guardrails.checkFleet(5, 1000, List.of());
        assertEquals("invalid_request", assertThrows(Refused.class,
                () -> guardrails.checkFleet(6, 1000, List.of())).error(), "alone over the budget");

        Refused busy = assertThrows(Refused.class,
                () -> guardrails.checkFleet(2, 1000, List.of(new Running("r-1", 4, 1000))));
        assertEquals("fleet_busy", busy.error());
        assertEquals("connections", busy.field());

        assertEquals("fleet_busy", assertThrows(Refused.class, () -> guardrails.checkFleet(1, 1,
                List.of(new Running("r-1", 1, 1), new Running("r-2", 1, 1)))).error(), "at most 2 running");
        assertEquals("selector", assertThrows(Refused.class, () -> guardrails.checkFleet(11, 1, List.of())).field());
    }
}
