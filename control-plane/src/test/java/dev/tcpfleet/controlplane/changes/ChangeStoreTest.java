package dev.tcpfleet.controlplane.changes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcpfleet.controlplane.sql.JsonColumns;
import dev.tcpfleet.controlplane.sql.SqlTimes;
import dev.tcpfleet.controlplane.hosts.HostRegistry;
import dev.tcpfleet.domain.ingest.SnapshotBatch;
import dev.tcpfleet.protocol.HostIdentity;
import dev.tcpfleet.protocol.TuningOutcome;
import dev.tcpfleet.protocol.TuningResult;
import dev.tcpfleet.protocol.stress.StressRequest;
import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.PostgresTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ChangeStore against the real PostgreSQL, over command and campaign rows written as their features write them:
 * which applies are due for measuring, that an effect is stored once, and which events a host's range holds.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class ChangeStoreTest {
    @Inject
    ChangeStore store;

    @Inject
    HostRegistry hosts;

    @Inject
    EntityManager em;

    private final String prefix = "changes-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private final String h1 = prefix + "h1";
    private final String h2 = prefix + "h2";
    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(3600);
    /**
     * When this test's hosts answer: a day ahead, so the running effect measurer, which takes answers a few seconds
     * old, never takes this test's rows.
     */
    private final Instant answered = t0.plus(1, ChronoUnit.DAYS);

    @BeforeEach
    void theHostsAreKnown() {
        Instant now = Instant.now();
        QuarkusTransaction.requiringNew().run(() -> hosts.recordSeen(List.of(h1, h2).stream()
                .map(id -> new SnapshotBatch.Sighting(new HostIdentity(id, id, Map.of(), "1.0"), t0, now)).toList()));
    }

    /** A host's part in a command, as the commands feature leaves it. */
    record Part(String host, TuningOutcome outcome, Instant finishedAt, long answeredSecond) {
    }

    /** Stores a command sent at t0 + {@code second} with the hosts' answers, and returns its id. */
    private String command(String action, boolean dryRun, long second, Part... parts) {
        String id = UUID.randomUUID().toString();
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("""
                    INSERT INTO commands (id, action, profile, profile_version, dry_run, created_at, expires_at)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)""")
                    .setParameter(1, id).setParameter(2, action)
                    .setParameter(3, action.equals("apply") ? "web" : null)
                    .setParameter(4, action.equals("apply") ? 3 : null)
                    .setParameter(5, dryRun).setParameter(6, SqlTimes.utc(t0.plusSeconds(second))).executeUpdate();
            for (int i = 0; i < parts.length; i++) {
                Part part = parts[i];
                TuningResult result = part.outcome() == null ? null : new TuningResult(id + "-" + i, part.host(),
                        part.outcome(), List.of(), null, List.of(), List.of(), part.finishedAt(), null);
                em.createNativeQuery("""
                        INSERT INTO command_hosts (command_id, position, host_id, host_command_id, status, outcome,
                            result, updated_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, CAST(?7 AS jsonb), ?8)""")
                        .setParameter(1, id).setParameter(2, i).setParameter(3, part.host())
                        .setParameter(4, id + "-" + i).setParameter(5, result == null ? "SENT" : "ANSWERED")
                        .setParameter(6, result == null ? null : result.outcome().name())
                        .setParameter(7, result == null ? null : JsonColumns.text(result))
                        .setParameter(8, SqlTimes.utc(answered.plusSeconds(part.answeredSecond())))
                        .executeUpdate();
            }
        });
        return id;
    }

    private static EffectView effect(int snapshotsAfter) {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new EffectView(at, null, at, at.plusSeconds(60), snapshotsAfter, Map.of());
    }

    /** This test's due applies among those answered before {@code answered} + {@code second}, as "command host". */
    private List<String> due(long second, Map<String, String> names) {
        return store.due(answered.plusSeconds(second), 100_000).stream().filter(d -> names.containsKey(d.commandId()))
                .map(d -> names.get(d.commandId()) + " " + d.hostId().substring(prefix.length())).toList();
    }

    @Test
    void onlyAnsweredAppliedRealAppliesWithNoEffectYetAreDueOldestAnswerFirst() {
        Part applied = new Part(h1, TuningOutcome.APPLIED, null, 0);
        Map<String, String> names = new HashMap<>();
        names.put(command("apply", false, 10, new Part(h1, TuningOutcome.APPLIED, null, 20),
                new Part(h2, TuningOutcome.APPLIED, null, 5)), "late");
        names.put(command("apply", false, 20, applied), "early");
        names.put(command("apply", true, 30, applied), "dry run");
        names.put(command("rollback", false, 40, applied), "rollback");
        names.put(command("apply", false, 50, new Part(h1, TuningOutcome.REJECTED, null, 0)), "rejected");
        names.put(command("apply", false, 60, new Part(h1, null, null, 0)), "unanswered");
        names.put(command("apply", false, 70, new Part(h1, TuningOutcome.APPLIED, null, 30)), "at the cutoff");
        String measured = command("apply", false, 80, applied);
        names.put(measured, "measured");
        store.saveEffect(measured, h1, effect(1));

        assertEquals(List.of("early h1", "late h2", "late h1"), due(30, names));
        assertEquals(List.of("early h1", "late h2", "late h1", "at the cutoff h1"), due(31, names));
    }

    @Test
    void aHostsOwnFinishingTimeIsItsAnswerAndTheRowsTimeStandsInForAMissingOne() {
        Instant finished = answered.minusSeconds(7);
        String own = command("apply", false, 10, new Part(h1, TuningOutcome.APPLIED, finished, 0));
        String none = command("apply", false, 10, new Part(h1, TuningOutcome.APPLIED, null, 1));

        Map<String, Instant> answers = new HashMap<>();
        store.due(answered.plusSeconds(2), 100_000).stream()
                .filter(d -> d.commandId().equals(own) || d.commandId().equals(none))
                .forEach(d -> answers.put(d.commandId(), d.answeredAt()));

        assertEquals(Map.of(own, finished, none, answered.plusSeconds(1)), answers);
    }

    @Test
    void theFirstEffectStoredStandsForAnotherInstanceMayHaveMeasuredItToo() {
        String id = command("apply", false, 10, new Part(h1, TuningOutcome.APPLIED, null, 0));
        assertEquals(Optional.empty(), store.effect(id, h1));

        store.saveEffect(id, h1, effect(1));
        store.saveEffect(id, h1, effect(2));

        assertEquals(1, store.effect(id, h1).orElseThrow().snapshotsAfter());
        assertEquals(List.of(), store.due(answered.plusSeconds(1), 100_000).stream()
                .filter(d -> d.commandId().equals(id)).toList(), "a measured apply is due again");
    }

    @Test
    void aRangeHoldsItsHostsRealCommandsSentInItAndCampaignsRunningDuringItInTimeOrderUpToTheLimit() {
        Part answer = new Part(h1, TuningOutcome.APPLIED, null, 0);
        String before = command("apply", false, -1, answer);
        String apply = command("apply", false, 10, answer, new Part(h2, TuningOutcome.APPLIED, null, 0));
        String dryRun = command("apply", true, 20, answer);
        String rollback = command("rollback", false, 30, answer);
        String atTheEnd = command("apply", false, 100, answer);
        String campaign = campaign(5, 200, null, 40L);
        String endedBefore = campaign(-100, 500, null, -50L);
        String stopped = campaign(-100, 500, -10L, null);
        String running = campaign(-100, 500, null, null);
        Map<String, String> names = Map.of(before, "before", apply, "apply", dryRun, "dry run", rollback, "rollback",
                atTheEnd, "at the end", campaign, "campaign", endedBefore, "ended before", stopped, "stopped before",
                running, "running");

        List<String> events = events(List.of(h1, h2), 100, names);

        assertEquals(List.of("-100 campaign running h1", "5 campaign campaign h1", "10 apply apply h1",
                "10 apply apply h2", "30 rollback rollback h1"), events);
        assertEquals(events.subList(0, 2), events(List.of(h1, h2), 2, names));
        assertEquals(List.of("5 campaign campaign h1"), events(List.of(h1), 2, names).subList(1, 2));
        assertEquals(List.of("10 apply apply h2"), events(List.of(h2), 100, names));
    }

    @Test
    void eachEventSaysWhoMadeItAndTheRolloutAndActionItBelongsToAsItsRowKeepsThem() {
        Part answer = new Part(h1, TuningOutcome.APPLIED, null, 0);
        String operators = command("apply", false, 10, answer);
        String automations = command("apply", false, 20, answer);
        String closedLoops = command("rollback", false, 30, answer);
        String older = command("rollback", false, 40, answer);
        String campaign = campaign(50, 200, null, 60L);
        attribute("commands", "actor", operators, "user:alice", null, null);
        attribute("commands", "actor", automations, "automation:fix-tw", "rollout-1", "action-1");
        attribute("commands", "actor", closedLoops, "closed-loop:fix-tw", "rollout-1", "action-1");
        attribute("campaigns", "started_by", campaign, "automation:probe", null, "action-2");

        List<List<String>> attributions = store.events(List.of(h1), t0, t0.plusSeconds(100), 100).stream()
                .map(e -> Arrays.asList(e.actor(), e.rolloutId(), e.actionId())).toList();

        assertEquals(List.of(Arrays.asList("user:alice", null, null),
                List.of("automation:fix-tw", "rollout-1", "action-1"),
                List.of("closed-loop:fix-tw", "rollout-1", "action-1"),
                Arrays.asList(null, null, null),
                Arrays.asList("automation:probe", null, "action-2")), attributions,
                "the events of " + List.of(operators, automations, closedLoops, older, campaign));
    }

    /** Sets a row's actor ({@code actorColumn}), rollout (commands only) and action, as their features store them. */
    private void attribute(String table, String actorColumn, String id, String actor, String rolloutId,
            String actionId) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("UPDATE " + table + " SET " + actorColumn
                        + " = ?2, action_id = ?3" + (table.equals("commands") ? ", rollout_id = ?4" : ", id = ?4")
                        + " WHERE id = ?1")
                .setParameter(1, id).setParameter(2, actor).setParameter(3, actionId)
                .setParameter(4, table.equals("commands") ? rolloutId : id).executeUpdate());
    }

    /** The events of {@code hostIds} in [t0, t0 + 100 s) as "second type name host". */
    private List<String> events(List<String> hostIds, int limit, Map<String, String> names) {
        return store.events(hostIds, t0, t0.plusSeconds(100), limit).stream()
                .map(e -> (e.at().getEpochSecond() - t0.getEpochSecond()) + " " + e.type() + " " + names.get(e.id())
                        + " " + e.hostId().substring(prefix.length()))
                .toList();
    }

    /**
     * Stores a campaign of h1 started at t0 + {@code second} until t0 + {@code deadline}, stopped and answered at
     * those seconds when not null, and returns its id.
     */
    private String campaign(long second, long deadline, Long stoppedSecond, Long answeredSecond) {
        String id = UUID.randomUUID().toString();
        StressRequest test = StressRequest.latencyProbe(id, "127.0.0.1", 9, 1, 1, 1000, 1000);
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("""
                    INSERT INTO campaigns (id, test, created_at, expires_at, deadline, stopped_at)
                    VALUES (?1, CAST(?2 AS jsonb), ?3, ?3, ?4, ?5)""")
                    .setParameter(1, id).setParameter(2, JsonColumns.text(test))
                    .setParameter(3, SqlTimes.utc(t0.plusSeconds(second)))
                    .setParameter(4, SqlTimes.utc(t0.plusSeconds(deadline)))
                    .setParameter(5, stoppedSecond == null ? null : SqlTimes.utc(t0.plusSeconds(stoppedSecond)))
                    .executeUpdate();
            em.createNativeQuery("""
                    INSERT INTO campaign_hosts (campaign_id, position, host_id, command_id, answered_at)
                    VALUES (?1, 0, ?2, ?3, ?4)""")
                    .setParameter(1, id).setParameter(2, h1).setParameter(3, id + "-0")
                    .setParameter(4, answeredSecond == null ? null : SqlTimes.utc(t0.plusSeconds(answeredSecond)))
                    .executeUpdate();
        });
        return id;
    }
}
