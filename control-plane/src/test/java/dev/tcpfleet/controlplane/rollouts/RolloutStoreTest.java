package dev.tcpfleet.controlplane.rollouts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.controlplane.CrossingTransactions;
import dev.tcpfleet.controlplane.SnapshotMessages;
import dev.tcpfleet.controlplane.auth.Actor;
import dev.tcpfleet.controlplane.hosts.HostRegistry;
import dev.tcpfleet.domain.ingest.SnapshotBatch;
import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.PostgresTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.TestTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Rollouts against the real PostgreSQL: which rollouts may start, and that each move of the state machine lands only
 * from the state it was decided on. Most tests' rollouts are rolled back (the driver never sees them); the one that
 * must commit keeps its rollouts PAUSED, which the driver does not drive, and ends them.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class RolloutStoreTest {
    private static final RolloutSpec SPEC = new RolloutSpec(new WavePlan(1, List.of(50, 100)), 60,
            HealthGate.MissingData.FAIL, true, List.of(), List.of("time-wait-high"), List.of());
    /** Newer than any other rollout, so this test's are the first a newest-first read returns. */
    private static final Instant FAR_AHEAD = Instant.parse("2100-01-01T00:00:00Z");

    @Inject
    RolloutStore store;

    @Inject
    HostRegistry hosts;

    @Inject
    EntityManager em;

    private final String prefix = "rollout-" + UUID.randomUUID() + "-";

    /** Hosts that reported just now, as a rollout's hosts must have; not stale, so the stale check leaves them be. */
    private List<String> hosts(String... names) {
        List<String> ids = Arrays.stream(names).map(name -> prefix + name).toList();
        hosts.recordSeen(SnapshotBatch.sightings(ids.stream()
                .map(id -> SnapshotMessages.snapshot(id, Instant.now(), Map.of(), 1)).toList()));
        return ids;
    }

    /** Stores this test's rollout {@code name} over {@code waves} of hosts, unless refused. */
    private Optional<RolloutStore.Refusal> insert(String name, RolloutState state, Instant createdAt, int maxActive,
            List<List<String>> waves) {
        return store.insertIfFree(new RolloutStore.StoredRollout(prefix + name, "web", 3, SPEC, state, null, 0,
                createdAt, createdAt, "automation:fix-tw", null, "action-" + name), IntStream.range(0, waves.size()).mapToObj(w -> new RolloutStore.NewWave(
                        waves.get(w), prefix + name + "-apply-" + w, prefix + name + "-rollback-" + w)).toList(),
                maxActive);
    }

    private Optional<RolloutStore.Refusal> insert(String name, RolloutState state, List<List<String>> waves) {
        return insert(name, state, Instant.now().truncatedTo(ChronoUnit.MICROS), Integer.MAX_VALUE, waves);
    }

    private RolloutStore.StoredRollout stored(String name) {
        return store.find(prefix + name).orElseThrow();
    }

    @Test
    @TestTransaction
    void aRolloutIsStoredWithItsWavesAndTheirHostsInPlanOrder() {
        List<String> h = hosts("a", "b", "c");
        Instant createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);

        assertEquals(Optional.empty(), insert("r", RolloutState.RUNNING, createdAt, Integer.MAX_VALUE,
                List.of(List.of(h.get(1)), List.of(h.get(2), h.get(0)))));

        assertEquals(new RolloutStore.StoredRollout(prefix + "r", "web", 3, SPEC, RolloutState.RUNNING, null, 0,
                createdAt, createdAt, "automation:fix-tw", null, "action-r"), stored("r"));
        assertEquals(List.of(
                new RolloutStore.Wave(0, WavePhase.PENDING, prefix + "r-apply-0", prefix + "r-rollback-0", null, null,
                        null, List.of(h.get(1))),
                new RolloutStore.Wave(1, WavePhase.PENDING, prefix + "r-apply-1", prefix + "r-rollback-1", null, null,
                        null, List.of(h.get(2), h.get(0)))), store.waves(prefix + "r"));
    }

    @Test
    @TestTransaction
    void aHostIsHeldByAnActiveRolloutOnly() {
        for (RolloutState state : RolloutState.values()) {
            List<String> h = hosts(state + "-busy", state + "-free");
            insert(state + "-holder", RolloutState.RUNNING, List.of(h.subList(0, 1)));
            store.transition(prefix + state + "-holder", List.of(RolloutState.RUNNING), state, null);

            Optional<RolloutStore.Refusal> refusal = insert(state + "-next", RolloutState.RUNNING, List.of(h));

            if (RolloutState.ACTIVE.contains(state)) {
                RolloutStore.Refusal refused = refusal.orElseThrow(() -> new AssertionError(state + " left its host"));
                assertEquals("selector", refused.field());
                assertTrue(refused.detail().contains("host '" + h.get(0) + "' is already in active rollout " + prefix
                        + state + "-holder"), refused.detail());
                assertEquals(Optional.empty(), store.find(prefix + state + "-next"), "a refused rollout was stored");
            } else {
                assertEquals(Optional.empty(), refusal, state + " held its host");
            }
        }
    }

    @Test
    @TestTransaction
    void aDryRunNeedsNoFreeHostNorRoomAmongTheActive() {
        List<String> h = hosts("a");
        insert("running", RolloutState.RUNNING, List.of(h));

        assertEquals(Optional.empty(), insert("dry", RolloutState.DRY_RUN, Instant.now(), 0, List.of(h)));
        assertEquals(RolloutState.DRY_RUN, stored("dry").state());
    }

    @Test
    @TestTransaction
    void noMoreThanMaxActiveRolloutsAreActive() {
        int active = RolloutState.ACTIVE.stream().mapToInt(state -> store.idsIn(state).size()).sum();

        Optional<RolloutStore.Refusal> refused = insert("refused", RolloutState.RUNNING, Instant.now(), active,
                List.of(hosts("a")));
        Optional<RolloutStore.Refusal> stored = insert("stored", RolloutState.RUNNING, Instant.now(), active + 1,
                List.of(hosts("b")));

        assertNull(refused.orElseThrow().field());
        assertTrue(refused.orElseThrow().detail().startsWith(active + " rollouts are active"), refused.toString());
        assertEquals(Optional.empty(), store.find(prefix + "refused"));
        assertEquals(Optional.empty(), stored);
    }

    @Test
    @TestTransaction
    void aRolloutMovesOnlyFromTheStatesItWasDecidedOnAndKeepsItsReason() {
        insert("r", RolloutState.RUNNING, List.of(hosts("a")));

        assertTrue(store.transition(prefix + "r", List.of(RolloutState.RUNNING, RolloutState.PAUSED),
                RolloutState.ROLLING_BACK, "gate failed on wave 0"));
        assertFalse(store.transition(prefix + "r", List.of(RolloutState.RUNNING), RolloutState.PAUSED, "paused"),
                "an operator's pause crossing the gate's verdict overwrote it");
        assertEquals(RolloutState.ROLLING_BACK, stored("r").state());
        assertTrue(store.transition(prefix + "r", List.of(RolloutState.ROLLING_BACK), RolloutState.ROLLED_BACK,
                null));
        assertFalse(store.transition(prefix + "r", List.of(RolloutState.RUNNING, RolloutState.PAUSED,
                RolloutState.ROLLING_BACK, RolloutState.HALTED), RolloutState.ROLLING_BACK, "aborted"),
                "an ended rollout was reopened");

        assertEquals(RolloutState.ROLLED_BACK, stored("r").state());
        assertEquals("gate failed on wave 0", stored("r").reason());
        assertFalse(store.transition(prefix + "unknown", List.of(RolloutState.RUNNING), RolloutState.PAUSED, null));
    }

    @Test
    @TestTransaction
    void aRollbackIsAttributedToWhoeverOrderedItAndItsCommandsToTheRolloutsAction() {
        insert("r", RolloutState.RUNNING, List.of(hosts("a")));
        assertEquals(new Actor("automation:fix-tw", "action-r"),
                stored("r").actor(false), "the applies are the starter's");
        assertNull(stored("r").actor(true), "no rollback was ordered yet");

        assertFalse(store.transition(prefix + "r", List.of(RolloutState.PAUSED), RolloutState.ROLLING_BACK,
                "aborted", Actor.user("alice")), "a refused order is attributed all the same");
        assertNull(stored("r").rolledBackBy());
        assertTrue(store.transition(prefix + "r", List.of(RolloutState.RUNNING), RolloutState.ROLLING_BACK,
                "wave 1 failed its gate", Actor.ROLLOUT_GATE));
        assertTrue(store.transition(prefix + "r", List.of(RolloutState.ROLLING_BACK), RolloutState.ROLLED_BACK,
                null));

        assertEquals("rollout-gate", stored("r").rolledBackBy(), "the rollback's end forgot who ordered it");
        assertEquals(new Actor("rollout-gate", "action-r"), stored("r").actor(true),
                "a rollback of an automated rollout belongs to its action whoever ordered it");
    }

    @Test
    @TestTransaction
    void aWaveIsPassedOnlyWhileRunningAndAStaleStepNeverRewindsIt() {
        List<String> h = hosts("a", "b", "c");
        insert("r", RolloutState.RUNNING, List.of(h.subList(0, 1), h.subList(1, 2), h.subList(2, 3)));

        store.nextWave(prefix + "r", 0);
        store.nextWave(prefix + "r", 0);
        assertEquals(1, stored("r").currentWave(), "a repeated step skipped a wave");

        store.transition(prefix + "r", List.of(RolloutState.RUNNING), RolloutState.PAUSED, null);
        store.nextWave(prefix + "r", 1);
        assertEquals(1, stored("r").currentWave(), "a paused rollout moved on");

        store.transition(prefix + "r", List.of(RolloutState.PAUSED), RolloutState.RUNNING, null);
        store.nextWave(prefix + "r", 1);
        assertEquals(2, stored("r").currentWave());

        store.nextWave(prefix + "r", 0);
        assertEquals(2, stored("r").currentWave(), "a step decided on wave 0 moved the rollout back to wave 1");
    }

    @Test
    @TestTransaction
    void eachWaveStepWritesItsOwnWaveOnly() {
        List<String> h = hosts("a", "b");
        insert("r", RolloutState.RUNNING, List.of(h.subList(0, 1), h.subList(1, 2)));
        Instant sent = Instant.now().truncatedTo(ChronoUnit.MICROS);
        HealthGate.Result gate = new HealthGate.Result(HealthGate.Verdict.PASS, List.of(), List.of(), List.of(), 0,
                false);

        store.markSent(prefix + "r", 1, sent);
        assertEquals(List.of(WavePhase.PENDING, WavePhase.ANSWERING), phases());
        store.startBake(prefix + "r", 1, sent.plusSeconds(60));
        assertEquals(List.of(WavePhase.PENDING, WavePhase.BAKING), phases());
        store.judged(prefix + "r", 1, WavePhase.PASSED, gate);

        List<RolloutStore.Wave> waves = store.waves(prefix + "r");
        assertEquals(new RolloutStore.Wave(0, WavePhase.PENDING, prefix + "r-apply-0", prefix + "r-rollback-0", null,
                null, null, h.subList(0, 1)), waves.get(0));
        assertEquals(new RolloutStore.Wave(1, WavePhase.PASSED, prefix + "r-apply-1", prefix + "r-rollback-1", sent,
                sent.plusSeconds(60), gate, h.subList(1, 2)), waves.get(1));
    }

    private List<WavePhase> phases() {
        return store.waves(prefix + "r").stream().map(RolloutStore.Wave::phase).toList();
    }

    @Test
    @TestTransaction
    void rolloutsAreListedOldestFirstInAStateAndNewestFirstOfAll() {
        insert("b", RolloutState.PAUSED, FAR_AHEAD, Integer.MAX_VALUE, List.of(hosts("b")));
        insert("a", RolloutState.PAUSED, FAR_AHEAD, Integer.MAX_VALUE, List.of(hosts("a")));
        insert("c", RolloutState.COMPLETED, FAR_AHEAD.plusSeconds(1), Integer.MAX_VALUE, List.of(hosts("c")));
        insert("d", RolloutState.PAUSED, FAR_AHEAD.plusSeconds(2), Integer.MAX_VALUE, List.of(hosts("d")));

        assertEquals(List.of(prefix + "a", prefix + "b", prefix + "d"), store.idsIn(RolloutState.PAUSED).stream()
                .filter(id -> id.startsWith(prefix)).toList());
        assertEquals(List.of(prefix + "d", prefix + "c", prefix + "a"), store.newestIds(3));
    }

    @Test
    void twoRolloutsOverOneHostCannotBothPassTheCheck() {
        // PAUSED holds the host as RUNNING does, but the driver does not drive it
        List<String> h = QuarkusTransaction.requiringNew().call(() -> hosts("a", "b", "c"));
        try (CrossingTransactions.Held first = CrossingTransactions.hold(() -> insert("first", RolloutState.PAUSED,
                List.of(h.subList(0, 2))))) {
            CompletableFuture<Optional<RolloutStore.Refusal>> second = CrossingTransactions.waitingOnALock(em,
                    "LOCK TABLE rollouts", () -> insert("second", RolloutState.PAUSED, List.of(h.subList(1, 3))));

            first.commit();

            assertEquals("selector", second.join().orElseThrow().field());
        } finally {
            QuarkusTransaction.requiringNew().run(() -> List.of("first", "second").forEach(name -> store.transition(
                    prefix + name, List.of(RolloutState.PAUSED), RolloutState.ROLLED_BACK, "test over")));
        }
    }
}
