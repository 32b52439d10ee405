package dev.tcpfleet.controlplane.automation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.controlplane.automation.AutomationRule.Action;
import dev.tcpfleet.controlplane.automation.AutomationRule.Mode;
import dev.tcpfleet.controlplane.campaigns.CampaignRequest;
import dev.tcpfleet.controlplane.hosts.SelectorRequest;
import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.PostgresTestResource;
import io.quarkus.test.TestTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Automation rules against the real PostgreSQL: one row per name, replaced whole, and which rules answer an alert. Each
 * test's rules are rolled back: the automation never acts on them.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class AutomationRuleStoreTest {
    @Inject
    AutomationRuleStore store;

    @Inject
    AutomationActionStore actions;

    private final String prefix = "automation-" + UUID.randomUUID() + "-";
    private final String alertRule = prefix + "alert";

    private AutomationRule applyProfile(String name, String alertRule, boolean enabled) {
        return new AutomationRule(prefix + name, alertRule, Action.APPLY_PROFILE, "web", 3, 60, null, Mode.AUTO, 600,
                enabled, null);
    }

    @Test
    @TestTransaction
    void aRuleIsNewOnceThenReplacedWhole() {
        AutomationRule first = applyProfile("r", alertRule, true);
        AutomationRule replaced = new AutomationRule(first.name(), prefix + "other-alert", Action.CAMPAIGN, null,
                null, null, new CampaignRequest(new SelectorRequest(null, "env=prod", null, false), "10.0.0.5:80",
                        "connect_load", 200, 10, 50, 30, null, null, null),
                Mode.PROPOSE, 0, false, null);

        assertTrue(store.put(first));
        assertEquals(Optional.of(first), store.find(first.name()));
        assertFalse(store.put(replaced), "a rule of that name was new twice");
        assertEquals(Optional.of(replaced), store.find(first.name()));
        assertEquals(List.of(replaced), store.all().stream().filter(r -> r.name().startsWith(prefix)).toList());
    }

    @Test
    @TestTransaction
    void onlyTheEnabledRulesOfTheAlertAnswerItByName() {
        store.put(applyProfile("b-enabled", alertRule, true));
        store.put(applyProfile("a-enabled", alertRule, true));
        store.put(applyProfile("c-disabled", alertRule, false));
        store.put(applyProfile("d-other-alert", prefix + "other-alert", true));

        assertEquals(List.of(prefix + "a-enabled", prefix + "b-enabled"),
                store.enabledFor(alertRule).stream().map(AutomationRule::name).toList());
    }

    @Test
    @TestTransaction
    void aDeletedRuleIsDeletedOnceAndWhatItDidStaysOnRecord() {
        AutomationRule rule = applyProfile("r", alertRule, true);
        store.put(rule);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        AutomationAction action = new AutomationAction(prefix + "action", rule.name(), 1, alertRule, "fleet",
                "time_wait", "ABOVE", 1, Action.APPLY_PROFILE, List.of(), AutomationAction.State.SKIPPED, "cooldown",
                Map.of(), null, null, null, now, null, now, null, null);
        actions.insert(action);

        assertTrue(store.delete(rule.name()));
        assertFalse(store.delete(rule.name()), "a rule was deleted twice");
        assertEquals(Optional.empty(), store.find(rule.name()));
        assertEquals(Optional.of(action), actions.find(action.id()));
    }
}
