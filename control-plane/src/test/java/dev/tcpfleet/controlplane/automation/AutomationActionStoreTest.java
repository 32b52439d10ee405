package dev.tcpfleet.controlplane.automation;

import static dev.tcpfleet.controlplane.automation.AutomationAction.State.APPROVED;
import static dev.tcpfleet.controlplane.automation.AutomationAction.State.EXPIRED;
import static dev.tcpfleet.controlplane.automation.AutomationAction.State.FAILED;
import static dev.tcpfleet.controlplane.automation.AutomationAction.State.KEPT;
import static dev.tcpfleet.controlplane.automation.AutomationAction.State.PROPOSED;
import static dev.tcpfleet.controlplane.automation.AutomationAction.State.QUEUED;
import static dev.tcpfleet.controlplane.automation.AutomationAction.State.READY;
import static dev.tcpfleet.controlplane.automation.AutomationAction.State.REJECTED;
import static dev.tcpfleet.controlplane.automation.AutomationAction.State.ROLLED_BACK;
import static dev.tcpfleet.controlplane.automation.AutomationAction.State.SKIPPED;
import static dev.tcpfleet.controlplane.automation.AutomationAction.State.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.controlplane.CrossingTransactions;
import dev.tcpfleet.controlplane.automation.AutomationAction.State;
import dev.tcpfleet.controlplane.automation.AutomationRule.Action;
import dev.tcpfleet.domain.automation.Guardrails;
import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.PostgresTestResource;
import io.quarkus.test.TestTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Automation actions against the real PostgreSQL: each moves only from the state it is in, and the guardrails count
 * what automation did on each host. Each test's actions are rolled back: the automation never starts them.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class AutomationActionStoreTest {
    /** Older than any other action, so this test's are the first an oldest-first read returns. */
    private static final Instant LONG_AGO = Instant.parse("2000-01-01T00:00:00Z");
    /** Newer than any other action, so this test's are the first a newest-first read returns. */
    private static final Instant FAR_AHEAD = Instant.parse("2100-01-01T00:00:00Z");

    @Inject
    AutomationActionStore store;

    @Inject
    EntityManager em;

    private final String prefix = "action-" + UUID.randomUUID() + "-";
    private final AtomicLong alertEvents = new AtomicLong();

    /** Stores an action of this test, decided at {@code createdAt} with a cooldown of 30 min, and returns it. */
    private AutomationAction action(String name, Action kind, State state, Instant createdAt, String... hosts) {
        return action(name, kind, state, createdAt, createdAt.plusSeconds(1800), hosts);
    }

    private AutomationAction action(String name, Action kind, State state, Instant createdAt, Instant cooldownUntil,
            String... hosts) {
        AutomationAction action = new AutomationAction(prefix + name, prefix + "rule", alertEvents.incrementAndGet(),
                "time-wait-high", "fleet", "time_wait", "ABOVE", 12_000, kind,
                List.of(hosts).stream().map(h -> prefix + h).toList(), state, null,
                Map.of("profile", "web", "hosts", List.of(hosts)), null, null, null, createdAt, null, createdAt,
                cooldownUntil, null);
        store.insert(action);
        return action;
    }

    private AutomationAction action(String name, State state, Instant createdAt, String... hosts) {
        return action(name, Action.APPLY_PROFILE, state, createdAt, hosts);
    }

    private AutomationAction stored(AutomationAction action) {
        return store.find(action.id()).orElseThrow();
    }

    @Test
    @TestTransaction
    void anActionReadsBackAsDecided() {
        AutomationAction action = action("a", PROPOSED, Instant.now().truncatedTo(ChronoUnit.MICROS), "h1", "h2");

        assertEquals(action, stored(action));
    }

    @Test
    @TestTransaction
    void anActionMovesOnlyFromTheStateItIsInAndKeepsWhatEarlierStepsRecorded() {
        AutomationAction action = action("a", PROPOSED, Instant.now(), "h1");

        assertTrue(store.transition(action.id(), PROPOSED, APPROVED, "approved by ops", null, null, null));
        assertFalse(store.transition(action.id(), PROPOSED, REJECTED, "rejected by ops", null, null, null),
                "a rejection crossing the approval overwrote it");
        assertEquals(APPROVED, stored(action).state());
        assertEquals("approved by ops", stored(action).reason());

        assertTrue(store.transition(action.id(), APPROVED, STARTED, null, "rollout-1", null, null));
        assertFalse(store.transition(action.id(), APPROVED, STARTED, null, "rollout-2", null, null),
                "an action was started twice");
        AutomationAction started = stored(action);
        assertEquals("rollout-1", started.rolloutId());
        assertEquals("approved by ops", started.reason());
        assertNotNull(started.startedAt());

        assertTrue(store.transition(action.id(), STARTED, KEPT, "kept: time_wait fell", null, null,
                Map.of("verdict", "KEPT")));
        assertFalse(store.transition(action.id(), STARTED, ROLLED_BACK, "worse", null, null,
                Map.of("verdict", "ROLLED_BACK")), "a judged action was judged again");
        AutomationAction kept = stored(action);
        assertEquals(KEPT, kept.state());
        assertEquals("kept: time_wait fell", kept.reason());
        assertEquals(Map.of("verdict", "KEPT"), kept.judgement());
        assertEquals("rollout-1", kept.rolloutId());
        assertEquals(started.startedAt(), kept.startedAt());
    }

    @Test
    @TestTransaction
    void onlyStartingAnActionSetsWhenItStarted() {
        AutomationAction action = action("a", READY, Instant.now(), "h1");

        assertTrue(store.transition(action.id(), READY, FAILED, "profile gone", null, "campaign-1", null));

        AutomationAction failed = stored(action);
        assertNull(failed.startedAt());
        assertEquals("campaign-1", failed.campaignId());
    }

    @Test
    @TestTransaction
    void eachHostIsHeldByItsLatestCooldownAndItsOldestOpenAction() {
        Instant t = Instant.now().truncatedTo(ChronoUnit.MICROS);
        AutomationAction started = action("started", Action.APPLY_PROFILE, STARTED, t, t.plusSeconds(100), "h1",
                "h2");
        action("proposed", Action.APPLY_PROFILE, PROPOSED, t.plusSeconds(1), t.plusSeconds(200), "h2");
        action("skipped", Action.APPLY_PROFILE, SKIPPED, t, (Instant) null, "h1");
        action("rejected", Action.APPLY_PROFILE, REJECTED, t, t.plusSeconds(999), "h3");
        action("failed", Action.APPLY_PROFILE, FAILED, t, t.plusSeconds(50), "h3");
        AutomationAction queued = action("queued", Action.CAMPAIGN, QUEUED, t, t.plusSeconds(70), "h4");
        action("expired", Action.APPLY_PROFILE, EXPIRED, t, t.plusSeconds(999), "h4");
        // decided later under a shorter cooldown: the earlier, longer one still holds h1
        action("shorter", Action.APPLY_PROFILE, KEPT, t.plusSeconds(10), t.plusSeconds(20), "h1");
        AutomationAction asking = action("asking", Action.APPLY_PROFILE, READY, t.plusSeconds(2), t.plusSeconds(500),
                "h1");

        String startedOpen = started.id() + " (started)";
        assertEquals(Map.of(prefix + "h1", new Guardrails.Hold(t.plusSeconds(100), startedOpen), prefix + "h2",
                new Guardrails.Hold(t.plusSeconds(200), startedOpen), prefix + "h3",
                new Guardrails.Hold(t.plusSeconds(50), null), prefix + "h4",
                new Guardrails.Hold(t.plusSeconds(70), queued.id() + " (queued)")),
                store.holds(List.of(prefix + "h1", prefix + "h2", prefix + "h3", prefix + "h4", prefix + "h5"),
                        asking.id()));
        assertEquals(new Guardrails.Hold(t.plusSeconds(500), startedOpen),
                store.holds(List.of(prefix + "h1"), null).get(prefix + "h1"));
    }

    @Test
    @TestTransaction
    void theBudgetCountsTheHostsOfStartedAppliesNotYetAnsweredAsBeingChangedAndNothingElse() {
        Instant anHourAgo = Instant.now().minusSeconds(3600);
        AutomationActionStore.BudgetUse before = store.budgetUse(anHourAgo);

        action("ready", READY, anHourAgo, "h1", "h2");
        action("approved", APPROVED, anHourAgo, "h3");
        action("queued", QUEUED, anHourAgo, "h3");
        action("proposed", PROPOSED, anHourAgo, "h4");
        action("skipped", SKIPPED, anHourAgo, "h5");
        action("campaign", Action.CAMPAIGN, STARTED, anHourAgo, "h6");
        AutomationAction started = action("started", APPROVED, anHourAgo, "h7", "h8");
        store.transition(started.id(), APPROVED, STARTED, null, "rollout-not-sent-yet", null, null);
        AutomationAction again = action("started-again", APPROVED, anHourAgo, "h8");
        store.transition(again.id(), APPROVED, STARTED, null, "another-rollout", null, null);

        assertEquals(new AutomationActionStore.BudgetUse(before.changed(), before.changing() + 2),
                store.budgetUse(anHourAgo), "h7 and h8, each once");
    }

    @Test
    @TestTransaction
    void aQueuedActionKeepsWhenItWasFirstQueuedAndTheTallyCountsEachState() {
        AutomationActionStore.Tally before = store.tally();
        AutomationAction action = action("a", READY, LONG_AGO, "h1");
        action("p", PROPOSED, LONG_AGO, "h1");

        assertTrue(store.transition(action.id(), READY, QUEUED, "queued: no room", null, null, null));
        Instant queuedAt = stored(action).queuedAt();
        assertNotNull(queuedAt);
        assertTrue(store.transition(action.id(), QUEUED, QUEUED, "queued: still no room", null, null, null));
        assertEquals(queuedAt, stored(action).queuedAt());

        AutomationActionStore.Tally tally = store.tally();
        assertEquals(before.byState().getOrDefault(QUEUED, 0L) + 1, tally.byState().get(QUEUED));
        assertEquals(before.byState().getOrDefault(PROPOSED, 0L) + 1, tally.byState().get(PROPOSED));
        assertEquals(before.oldestQueuedAt() == null || queuedAt.isBefore(before.oldestQueuedAt()) ? queuedAt
                : before.oldestQueuedAt(), tally.oldestQueuedAt());
    }

    @Test
    @TestTransaction
    void openActionsAreReadOldestFirstOfTheKindAsked() {
        AutomationAction second = action("b", READY, LONG_AGO.plusSeconds(1), "h1");
        AutomationAction firstB = action("b2", APPROVED, LONG_AGO, "h1");
        AutomationAction firstA = action("a2", APPROVED, LONG_AGO, "h1");
        AutomationAction campaign = action("c", Action.CAMPAIGN, READY, LONG_AGO.plusSeconds(2), "h1");
        action("p", PROPOSED, LONG_AGO, "h1");

        assertEquals(List.of(firstA.id(), firstB.id(), second.id()),
                ids(store.inStates(List.of(READY, APPROVED), Action.APPLY_PROFILE, 3)));
        assertEquals(List.of(firstA.id(), firstB.id(), second.id(), campaign.id()),
                ids(store.inStates(List.of(READY, APPROVED), null, 4)));
        assertEquals(List.of(firstA.id()), ids(store.inStates(List.of(READY, APPROVED), null, 1)));
    }

    @Test
    @TestTransaction
    void actionsAreListedNewestFirst() {
        AutomationAction older = action("a", SKIPPED, FAR_AHEAD, "h1");
        AutomationAction newer = action("b", PROPOSED, FAR_AHEAD.plusSeconds(1), "h1");

        assertEquals(List.of(newer.id(), older.id()), ids(store.newest(null, 2)));
        assertEquals(List.of(older.id()), ids(store.newest(SKIPPED, 1)));
    }

    @Test
    @TestTransaction
    void aRuleDecidesOnAnAlertOnce() {
        AutomationAction decided = action("a", READY, Instant.now(), "h1");
        AutomationAction again = new AutomationAction(prefix + "again", decided.rule(), decided.alertEventId(),
                decided.alertRule(), decided.alertSubject(), decided.metric(), decided.comparison(),
                decided.alertValue(), decided.action(), decided.hostIds(), SKIPPED, "cooldown", decided.plan(), null,
                null, null, decided.createdAt(), null, decided.createdAt(), null, null);

        assertThrows(PersistenceException.class, () -> store.insert(again));
    }

    @Test
    void twoDecisionsOrApprovalsNeverInterleave() {
        try (CrossingTransactions.Held first = CrossingTransactions.hold(store::lock)) {
            var second = CrossingTransactions.waitingOnALock(em, "pg_advisory_xact_lock", () -> {
                store.lock();
                return true;
            });

            first.commit();

            assertTrue(second.join());
        }
    }

    private static List<String> ids(List<AutomationAction> actions) {
        return actions.stream().map(AutomationAction::id).toList();
    }
}
