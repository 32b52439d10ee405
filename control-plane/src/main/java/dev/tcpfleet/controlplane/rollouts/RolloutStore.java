package dev.tcpfleet.controlplane.rollouts;

import static dev.tcpfleet.controlplane.sql.SqlTimes.instant;
import static dev.tcpfleet.controlplane.sql.SqlTimes.utc;

import dev.tcpfleet.controlplane.auth.Actor;
import dev.tcpfleet.controlplane.sql.JsonColumns;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Rollouts, their waves and hosts in PostgreSQL, in plain SQL like the command store. */
@ApplicationScoped
public class RolloutStore {
    private static final String ACTIVE_STATES = RolloutState.ACTIVE.stream().map(s -> "'" + s + "'")
            .collect(Collectors.joining(", ", "(", ")"));

    private final EntityManager em;

    RolloutStore(EntityManager em) {
        this.em = em;
    }

    /**
     * @param startedBy    who started it, as {@link Actor#name}; null for one from before attribution, unknown
     * @param rolledBackBy who ordered its rollback (an operator, the gate, the closed loop), once ordered
     * @param actionId     the automation action that started it, else null
     */
    record StoredRollout(String id, String profile, int profileVersion, RolloutSpec spec, RolloutState state,
            String reason, int currentWave, Instant createdAt, Instant updatedAt, String startedBy,
            String rolledBackBy, String actionId) {

        /** Who made the change that {@code rollback} commands (else applies) of this rollout make. */
        Actor actor(boolean rollback) {
            String name = rollback ? rolledBackBy : startedBy;
            return name == null ? null : new Actor(name, actionId);
        }
    }

    /** One wave, by its index from 0 (people read it numbered from 1); {@code gate} is null until first judged. */
    record Wave(int index, WavePhase phase, String applyCommandId, String rollbackCommandId, Instant sentAt,
            Instant bakeUntil, HealthGate.Result gate, List<String> hosts) {
    }

    /** A new wave before it is stored: its hosts and the ids its apply and rollback will be issued under. */
    record NewWave(List<String> hosts, String applyCommandId, String rollbackCommandId) {
    }

    /**
     * The error word of the refusal for the cap on active rollouts: room frees as rollouts end, so a caller that can
     * wait (automation queues its action) tells it apart from a refusal that stands.
     */
    public static final String TOO_MANY_ACTIVE = "rollouts_busy";

    /** Why a rollout could not be stored. */
    record Refusal(String error, String field, String detail) {
    }

    /**
     * Stores a rollout unless {@code maxActive} already hold hosts or one of them holds one of its hosts. The
     * check and the insert run under a table lock, so two requests cannot both pass the check.
     */
    @Transactional
    public Optional<Refusal> insertIfFree(StoredRollout rollout, List<NewWave> waves, int maxActive) {
        if (RolloutState.ACTIVE.contains(rollout.state())) {
            lockActive();
            long active = ((Number) em.createNativeQuery("SELECT count(*) FROM rollouts WHERE state IN "
                    + ACTIVE_STATES).getSingleResult()).longValue();
            if (active >= maxActive) {
                return Optional.of(new Refusal(TOO_MANY_ACTIVE, null, active
                        + " rollouts are active, the most allowed"
                        + " (tcpfleet.rollouts.max-active): wait for one to end, or abort one"));
            }
            List<String> hosts = waves.stream().flatMap(w -> w.hosts().stream()).toList();
            Optional<Refusal> busy = busyHost(rollout.id(), hosts, "selector");
            if (busy.isPresent()) {
                return busy;
            }
        }
        em.createNativeQuery("""
                INSERT INTO rollouts (id, profile, profile_version, spec, state, created_at, updated_at, started_by,
                                      action_id)
                VALUES (?1, ?2, ?3, CAST(?4 AS jsonb), ?5, ?6, ?6, ?7, ?8)""")
                .setParameter(1, rollout.id())
                .setParameter(2, rollout.profile())
                .setParameter(3, rollout.profileVersion())
                .setParameter(4, JsonColumns.text(rollout.spec()))
                .setParameter(5, rollout.state().name())
                .setParameter(6, utc(rollout.createdAt()))
                .setParameter(7, rollout.startedBy())
                .setParameter(8, rollout.actionId())
                .executeUpdate();
        for (int w = 0; w < waves.size(); w++) {
            NewWave wave = waves.get(w);
            em.createNativeQuery("""
                    INSERT INTO rollout_waves (rollout_id, wave, phase, apply_command_id, rollback_command_id)
                    VALUES (?1, ?2, ?3, ?4, ?5)""")
                    .setParameter(1, rollout.id())
                    .setParameter(2, w)
                    .setParameter(3, WavePhase.PENDING.name())
                    .setParameter(4, wave.applyCommandId())
                    .setParameter(5, wave.rollbackCommandId())
                    .executeUpdate();
            for (int p = 0; p < wave.hosts().size(); p++) {
                em.createNativeQuery("""
                        INSERT INTO rollout_hosts (rollout_id, host_id, wave, position) VALUES (?1, ?2, ?3, ?4)""")
                        .setParameter(1, rollout.id())
                        .setParameter(2, wave.hosts().get(p))
                        .setParameter(3, w)
                        .setParameter(4, p)
                        .executeUpdate();
            }
        }
        return Optional.empty();
    }

    public Optional<StoredRollout> find(String id) {
        List<?> rows = em.createNativeQuery("""
                SELECT id, profile, profile_version, CAST(spec AS text), state, reason, current_wave, created_at,
                       updated_at, started_by, rolled_back_by, action_id
                FROM rollouts WHERE id = ?1""")
                .setParameter(1, id)
                .getResultList();
        return rows.stream().map(Object[].class::cast).findFirst().map(row -> new StoredRollout((String) row[0],
                (String) row[1], ((Number) row[2]).intValue(), JsonColumns.read((String) row[3], RolloutSpec.class),
                RolloutState.valueOf((String) row[4]), (String) row[5], ((Number) row[6]).intValue(),
                instant(row[7]), instant(row[8]), (String) row[9], (String) row[10], (String) row[11]));
    }

    public List<Wave> waves(String rolloutId) {
        List<?> hostRows = em.createNativeQuery(
                "SELECT wave, host_id FROM rollout_hosts WHERE rollout_id = ?1 ORDER BY wave, position")
                .setParameter(1, rolloutId)
                .getResultList();
        List<?> rows = em.createNativeQuery("""
                SELECT wave, phase, apply_command_id, rollback_command_id, sent_at, bake_until, CAST(gate AS text)
                FROM rollout_waves WHERE rollout_id = ?1 ORDER BY wave""")
                .setParameter(1, rolloutId)
                .getResultList();
        List<Wave> waves = new ArrayList<>();
        for (Object o : rows) {
            Object[] row = (Object[]) o;
            int number = ((Number) row[0]).intValue();
            List<String> hosts = hostRows.stream().map(Object[].class::cast)
                    .filter(h -> ((Number) h[0]).intValue() == number).map(h -> (String) h[1]).toList();
            waves.add(new Wave(number, WavePhase.valueOf((String) row[1]), (String) row[2], (String) row[3],
                    instant(row[4]), instant(row[5]), row[6] == null ? null : JsonColumns.read((String) row[6],
                            HealthGate.Result.class), hosts));
        }
        return waves;
    }

    /** The ids of the rollouts in {@code state}, oldest first. */
    public List<String> idsIn(RolloutState state) {
        return em.createNativeQuery("SELECT id FROM rollouts WHERE state = ?1 ORDER BY created_at, id", String.class)
                .setParameter(1, state.name())
                .getResultList();
    }

    public List<String> newestIds(int limit) {
        return em.createNativeQuery("SELECT id FROM rollouts ORDER BY created_at DESC, id LIMIT ?1", String.class)
                .setParameter(1, limit)
                .getResultList();
    }

    /**
     * Moves a rollout from one of {@code from} to {@code to}; false if it was in none of them (an operator or the
     * driver moved it first), so a decision made on a stale read never overwrites a newer one.
     */
    @Transactional
    public boolean transition(String id, List<RolloutState> from, RolloutState to, String reason) {
        return transition(id, from, to, reason, null);
    }

    /** {@link #transition} into a rollback, ordered by {@code rolledBackBy}. */
    @Transactional
    public boolean transition(String id, List<RolloutState> from, RolloutState to, String reason,
            Actor rolledBackBy) {
        return em.createNativeQuery("""
                UPDATE rollouts SET state = ?2, reason = COALESCE(?3, reason), updated_at = now(),
                                    rolled_back_by = COALESCE(?5, rolled_back_by)
                WHERE id = ?1 AND state = ANY(CAST(?4 AS text[]))""")
                .setParameter(1, id)
                .setParameter(2, to.name())
                .setParameter(3, reason)
                .setParameter(4, from.stream().map(Enum::name).toArray(String[]::new))
                .setParameter(5, rolledBackBy == null ? null : rolledBackBy.name())
                .executeUpdate() == 1;
    }

    /**
     * Moves an ended rollout from one of {@code from} back into active {@code to} (an operator's or automation's
     * rollback of a completed one) unless another active rollout took one of its hosts meanwhile: checked under
     * {@link #insertIfFree}'s lock, so a rollout created at the same moment cannot take them too.
     *
     * @return a refusal naming the other rollout (field {@code state}) if one holds a host; else whether it moved
     */
    @Transactional
    public Reactivation reactivateIfFree(String id, List<RolloutState> from, RolloutState to, String reason,
            Actor rolledBackBy) {
        lockActive();
        List<String> hosts = em.createNativeQuery("SELECT host_id FROM rollout_hosts WHERE rollout_id = ?1",
                String.class).setParameter(1, id).getResultList();
        Optional<Refusal> busy = busyHost(id, hosts, "state");
        if (busy.isPresent()) {
            return new Reactivation(false, busy);
        }
        return new Reactivation(transition(id, from, to, reason, rolledBackBy), Optional.empty());
    }

    /** Whether {@link #reactivateIfFree} moved the rollout, and if another rollout held it back, why. */
    record Reactivation(boolean moved, Optional<Refusal> hostsBusy) {
    }

    private void lockActive() {
        em.createNativeQuery("LOCK TABLE rollouts IN SHARE ROW EXCLUSIVE MODE").executeUpdate();
    }

    /** The first of {@code hosts} that an active rollout other than {@code id} holds, as a refusal on {@code field}. */
    private Optional<Refusal> busyHost(String id, List<String> hosts, String field) {
        List<?> busy = em.createNativeQuery("SELECT r.id, h.host_id FROM rollout_hosts h"
                + " JOIN rollouts r ON r.id = h.rollout_id WHERE r.state IN " + ACTIVE_STATES
                + " AND r.id <> ?2 AND h.host_id = ANY(CAST(?1 AS text[])) LIMIT 1")
                .setParameter(1, hosts.toArray(new String[0]))
                .setParameter(2, id)
                .getResultList();
        return busy.stream().map(Object[].class::cast).findFirst().map(row -> new Refusal("conflict", field,
                "host '" + row[1]
                + "' is already in active rollout " + row[0] + ": one rollout at a time per host"));
    }

    /** Moves a running rollout on from wave {@code from} to the next. */
    @Transactional
    public void nextWave(String id, int from) {
        em.createNativeQuery("""
                UPDATE rollouts SET current_wave = ?2 + 1, updated_at = now()
                WHERE id = ?1 AND current_wave = ?2 AND state = 'RUNNING'""")
                .setParameter(1, id)
                .setParameter(2, from)
                .executeUpdate();
    }

    /** A wave's apply is issued at {@code sentAt}. */
    @Transactional
    public void markSent(String id, int wave, Instant sentAt) {
        updateWave(id, wave, "phase = 'ANSWERING', sent_at = ?3", utc(sentAt));
    }

    /** A wave is answered; its gate is judged from {@code bakeUntil}. */
    @Transactional
    public void startBake(String id, int wave, Instant bakeUntil) {
        updateWave(id, wave, "phase = 'BAKING', bake_until = ?3", utc(bakeUntil));
    }

    /** Stores a gate's result, and the phase it leads to (BAKING again while it waits). */
    @Transactional
    public void judged(String id, int wave, WavePhase phase, HealthGate.Result gate) {
        updateWave(id, wave, "phase = '" + phase.name() + "', gate = CAST(?3 AS jsonb)", JsonColumns.text(gate));
    }

    /** Inconclusive checks extend a wave's bake to {@code bakeUntil}; the gate (counting extensions) is stored. */
    @Transactional
    public void extendBake(String id, int wave, Instant bakeUntil, HealthGate.Result gate) {
        em.createNativeQuery("""
                UPDATE rollout_waves SET phase = 'BAKING', bake_until = ?3, gate = CAST(?4 AS jsonb)
                WHERE rollout_id = ?1 AND wave = ?2""")
                .setParameter(1, id)
                .setParameter(2, wave)
                .setParameter(3, utc(bakeUntil))
                .setParameter(4, JsonColumns.text(gate))
                .executeUpdate();
    }

    private void updateWave(String id, int wave, String set, Object value) {
        em.createNativeQuery("UPDATE rollout_waves SET " + set + " WHERE rollout_id = ?1 AND wave = ?2")
                .setParameter(1, id)
                .setParameter(2, wave)
                .setParameter(3, value)
                .executeUpdate();
    }
}
