package dev.tcpfleet.domain.automation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class GuardrailsTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private final Guardrails guardrails = new Guardrails(Duration.ofMinutes(30), 5);

    @Test
    void anActionHoldsItsHostsForTheDecidingRulesCooldownFromWhenItWasDecided() {
        assertEquals(NOW.plusSeconds(1800), guardrails.cooldownUntil(NOW));
        assertEquals(NOW, new Guardrails(Duration.ZERO, 5).cooldownUntil(NOW), "no cooldown holds nothing");
    }

    @Test
    void aHostInTheCooldownOfAnEarlierActionStopsTheAction() {
        var refusal = guardrails.refusal(List.of("a", "b"), NOW, Map.of("b", cooling(NOW.plusSeconds(1))),
                true);
        assertEquals("host b is in its cooldown until 2026-11-25T12:00:01Z, set by an earlier automated action on"
                + " it", refusal.orElseThrow());
    }

    /** The cooldown that counts is the one fixed on the earlier action, whatever this rule's own cooldown is. */
    @Test
    void theCooldownEndsExactlyWhenTheEarlierActionSaidWhateverThisRulesCooldown() {
        Guardrails longer = new Guardrails(Duration.ofDays(7), 5);
        assertEquals(Optional.empty(), longer.refusal(List.of("a"), NOW, Map.of("a", cooling(NOW)), true));
        assertTrue(new Guardrails(Duration.ZERO, 5).refusal(List.of("a"), NOW,
                Map.of("a", cooling(NOW.plusNanos(1000))), true).isPresent());
    }

    @Test
    void theCooldownAppliesToCampaignsToo() {
        assertTrue(guardrails.refusal(List.of("a"), NOW, Map.of("a", cooling(NOW.plusSeconds(60))), false)
                .isPresent());
    }

    /** Waiting (queue, proposal) and baking can outlast a cooldown: an open action holds its hosts until it ends. */
    @Test
    void anOpenActionHoldsItsHostsPastItsCooldown() {
        var holds = Map.of("b", new Guardrails.Hold(NOW.minusSeconds(60), "a-1 (queued)"));
        assertEquals("host b has an open automation action a-1 (queued)",
                guardrails.refusal(List.of("a", "b"), NOW, holds, true).orElseThrow());
    }

    private static Guardrails.Hold cooling(Instant until) {
        return new Guardrails.Hold(until, null);
    }

    @Test
    void nothingToActOnIsRefused() {
        assertEquals("no hosts to act on", guardrails.refusal(List.of(), NOW, Map.of(), true).orElseThrow());
    }

    @Test
    void anApplyOverMoreHostsThanTheWholeBudgetIsRefusedForGoodButACampaignIsNot() {
        List<String> six = List.of("a", "b", "c", "d", "e", "f");
        assertEquals("this would change 6 hosts, and at most 5 may change per hour"
                + " (tcpfleet.automation.max-hosts-per-hour)", guardrails.refusal(six, NOW, Map.of(), true)
                        .orElseThrow());
        assertEquals(Optional.empty(), guardrails.refusal(six, NOW, Map.of(), false));
        assertEquals(Optional.empty(), guardrails.refusal(six.subList(0, 5), NOW, Map.of(), true));
    }

    static Stream<Arguments> budgets() {
        return Stream.of(
                Arguments.of(2, 3, 0, null),
                Arguments.of(2, 0, 3, null),
                Arguments.of(2, 1, 2, null),
                Arguments.of(1, 5, 0, "the hourly budget is spent: automation changed 5 hosts in the last hour, this"
                        + " would change 1 more, and at most 5 may change per hour"
                        + " (tcpfleet.automation.max-hosts-per-hour)"),
                Arguments.of(2, 1, 3, "the hourly budget is spent: automation changed 1 host in the last hour and is"
                        + " changing 3 more, this would change 2 more, and at most 5 may change per hour"
                        + " (tcpfleet.automation.max-hosts-per-hour)"));
    }

    /** Hosts changed and hosts being changed count once each, with this apply's hosts, against the budget. */
    @ParameterizedTest(name = "{0} more after {1} changed and {2} changing: {3}")
    @MethodSource("budgets")
    void theHourlyBudgetCountsTheHostsChangedTheHostsBeingChangedAndThisApplysHosts(int hosts, int changed,
            int changing, String refusal) {
        assertEquals(Optional.ofNullable(refusal), guardrails.budgetRefusal(hosts, changed, changing));
    }
}
