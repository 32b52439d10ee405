package dev.tcpfleet.controlplane.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.domain.alerts.AlertRule;
import dev.tcpfleet.domain.alerts.AlertRule.Comparison;
import dev.tcpfleet.domain.alerts.AlertRule.Scope;
import dev.tcpfleet.domain.alerts.AlertRule.Severity;
import dev.tcpfleet.domain.alerts.AlertState;
import dev.tcpfleet.domain.alerts.FleetAggregate;
import dev.tcpfleet.domain.metrics.AlertMetric;
import dev.tcpfleet.domain.metrics.CampaignMetric;
import dev.tcpfleet.domain.metrics.SnapshotMetric;
import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.PostgresTestResource;
import io.quarkus.test.TestTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Alert rules against the real PostgreSQL: one row per name, replaced whole, and what an edit does to the rule's
 * alerts. The rules select only hosts labelled for this test, of which there are none: no judge fires them.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class AlertRuleStoreTest {
    private static final AlertState FIRING = new AlertState(AlertState.Status.FIRING,
            Instant.now().truncatedTo(ChronoUnit.MICROS), 1, Instant.now().truncatedTo(ChronoUnit.MICROS));

    @Inject
    AlertRuleStore store;

    @Inject
    AlertStore alerts;

    private final String name = "rules-" + UUID.randomUUID();
    private final String nobody = "alert-rule-store-test=" + name;

    private AlertRuleStore.StoredRule rule(Scope scope, AlertMetric metric, FleetAggregate aggregate,
            double threshold, long forSeconds, String labels) {
        return new AlertRuleStore.StoredRule(new AlertRule(name, scope, metric, aggregate, Comparison.ABOVE, threshold,
                threshold / 2, Duration.ofSeconds(forSeconds), Severity.WARNING), labels, null);
    }

    private AlertRuleStore.StoredRule hostRule(double threshold) {
        return rule(Scope.HOST, SnapshotMetric.TIME_WAIT, null, threshold, 60, nobody);
    }

    @Test
    @TestTransaction
    void aRuleIsNewOnceThenReplacedWhole() {
        AlertRuleStore.StoredRule first = hostRule(100);
        AlertRuleStore.StoredRule replaced = rule(Scope.FLEET, SnapshotMetric.ESTABLISHED, FleetAggregate.P95, 7, 0,
                null);

        assertTrue(store.put(first));
        assertEquals(Optional.of(first.rule()), store.find(name).map(AlertRuleStore.StoredRule::rule));
        assertEquals(Optional.of(nobody), store.find(name).map(AlertRuleStore.StoredRule::labels));
        assertFalse(store.put(replaced), "a rule of that name was new twice");

        List<AlertRuleStore.StoredRule> named = store.all().stream().filter(r -> r.rule().name().equals(name)).toList();
        assertEquals(List.of(replaced.rule()), named.stream().map(AlertRuleStore.StoredRule::rule).toList());
        assertEquals(null, named.get(0).labels(), "the labels were kept rather than replaced");
    }

    @Test
    @TestTransaction
    void anEditKeepsTheRulesAlertsAndAMoveToAnotherScopeDropsThem() {
        store.put(rule(Scope.FLEET, SnapshotMetric.TIME_WAIT, FleetAggregate.SUM, 100, 60, nobody));
        alerts.save(List.of(new AlertStore.Row(name, AlertSubject.FLEET, FIRING)));

        store.put(rule(Scope.FLEET, SnapshotMetric.TIME_WAIT, FleetAggregate.MAX, 200, 30, nobody));
        assertEquals(FIRING, alerts.lock(name, AlertSubject.FLEET), "an edit within the scope dropped the alert");

        store.put(rule(Scope.CAMPAIGN, CampaignMetric.ERROR_RATE, null, 0.1, 0, null));
        assertEquals(AlertState.initial(), alerts.lock(name, AlertSubject.FLEET),
                "a campaign rule kept its alert about the fleet");
    }

    @Test
    @TestTransaction
    void aDeletedRuleTakesItsAlertsAndIsDeletedOnce() {
        store.put(hostRule(100));
        alerts.save(List.of(new AlertStore.Row(name, AlertSubject.FLEET, FIRING)));

        assertTrue(store.delete(name, false));
        assertFalse(store.delete(name, false), "a rule was deleted twice");
        assertEquals(Optional.empty(), store.find(name));
        assertEquals(AlertState.initial(), alerts.lock(name, AlertSubject.FLEET));
    }

    @Test
    void thisInstancesEditsAreCurrentAtOnceDespiteTheCache() {
        store.current(); // fills the cache
        try {
            store.put(hostRule(100));
            assertEquals(List.of(hostRule(100).rule()), current());
            store.put(hostRule(200));
            assertEquals(List.of(hostRule(200).rule()), current());
            store.delete(name, false);
            assertEquals(List.of(), current());
        } finally {
            store.delete(name, false);
        }
    }

    private List<AlertRule> current() {
        return store.current().stream().map(AlertRuleStore.StoredRule::rule).filter(r -> r.name().equals(name))
                .toList();
    }
}
