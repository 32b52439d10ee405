package dev.tcpfleet.domain.automation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GuardrailsTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private final Guardrails guardrails = new Guardrails(Duration.ofMinutes(30), 5);

    @Test
    void aHostInItsCooldownStopsTheAction() {
        var refusal = guardrails.refusal(List.of("a", "b"), NOW, Map.of("b", NOW.minusSeconds(1799)), 0, true);
        assertTrue(refusal.orElseThrow().startsWith("host b is in its cooldown"), refusal.get());
    }

    @Test
    void theCooldownEndsExactlyAfterItsLength() {
        assertEquals(java.util.Optional.empty(),
                guardrails.refusal(List.of("a"), NOW, Map.of("a", NOW.minusSeconds(1800)), 0, true));
    }

    @Test
    void theHourlyBudgetCountsTheHostsThisActionWouldChange() {
        assertTrue(guardrails.refusal(List.of("a", "b"), NOW, Map.of(), 3, true).isEmpty(), "3 + 2 fits in 5");
        var refusal = guardrails.refusal(List.of("a", "b", "c"), NOW, Map.of(), 3, true);
        assertTrue(refusal.orElseThrow().startsWith("the hourly budget is spent: automation changed 3 hosts"),
                refusal.get());
    }

    @Test
    void aCampaignChangesNoSettingsSoTheBudgetDoesNotCountIt() {
        assertTrue(guardrails.refusal(List.of("a", "b"), NOW, Map.of(), 5, false).isEmpty());
    }

    @Test
    void theCooldownAppliesToCampaignsToo() {
        assertTrue(guardrails.refusal(List.of("a"), NOW, Map.of("a", NOW), 0, false).isPresent());
    }

    @Test
    void nothingToActOnIsRefused() {
        assertEquals("no hosts to act on", guardrails.refusal(List.of(), NOW, Map.of(), 0, true).orElseThrow());
    }
}
