package dev.tcpfleet.controlplane.automation;

import static dev.tcpfleet.controlplane.sql.SqlTimes.instant;
import static dev.tcpfleet.controlplane.sql.SqlTimes.utc;

import dev.tcpfleet.controlplane.sql.JsonColumns;
import dev.tcpfleet.controlplane.automation.AutomationAction.State;
import dev.tcpfleet.controlplane.rollouts.RolloutState;
import dev.tcpfleet.domain.automation.Guardrails;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Automation actions and the automation's place in the alert_events outbox, in PostgreSQL. */
@ApplicationScoped
public class AutomationActionStore {
    private static final String COLUMNS = "id, rule, alert_event_id, alert_rule, alert_subject, metric, comparison,"
            + " alert_value, action, CAST(to_jsonb(host_ids) AS text), state, reason, CAST(plan AS text), rollout_id,"
            + " campaign_id, CAST(judgement AS text), created_at, started_at, updated_at, cooldown_until, queued_at";

    private final EntityManager em;

    AutomationActionStore(EntityManager em) {
        this.em = em;
    }

    /**
     * Takes the automation's lock until the transaction ends: decisions and approvals read the guardrails' figures
     * and then act on them, so two of them (on this instance or another) must not interleave.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lock() {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext('tcpfleet-automation'))").getSingleResult();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void insert(AutomationAction action) {
        em.createNativeQuery("""
                INSERT INTO automation_actions (id, rule, alert_event_id, alert_rule, alert_subject, metric, comparison,
                    alert_value, action, host_ids, state, reason, plan, created_at, updated_at, cooldown_until)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, CAST(?10 AS text[]), ?11, ?12, CAST(?13 AS jsonb), ?14,
                    ?14, ?15)""")
                .setParameter(1, action.id())
                .setParameter(2, action.rule())
                .setParameter(3, action.alertEventId())
                .setParameter(4, action.alertRule())
                .setParameter(5, action.alertSubject())
                .setParameter(6, action.metric())
                .setParameter(7, action.comparison())
                .setParameter(8, action.alertValue())
                .setParameter(9, action.action().name())
                .setParameter(10, action.hostIds().toArray(String[]::new))
                .setParameter(11, action.state().name())
                .setParameter(12, action.reason())
                .setParameter(13, JsonColumns.text(action.plan()))
                .setParameter(14, utc(action.createdAt()))
                .setParameter(15, action.cooldownUntil() == null ? null : utc(action.cooldownUntil()))
                .executeUpdate();
    }

    /**
     * Per host of {@code hostIds}, what holds it against a new action (not counting {@code except}, nor actions that
     * did nothing): the latest end of the cooldowns fixed on its actions when they were decided, and its oldest
     * action still open, which holds it whatever its cooldown.
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public Map<String, Guardrails.Hold> holds(List<String> hostIds, String except) {
        Map<String, Guardrails.Hold> holds = new HashMap<>();
        ((List<Object[]>) em.createNativeQuery("""
                SELECT h, max(a.cooldown_until), (array_agg(a.id || ' (' || lower(a.state) || ')'
                    ORDER BY a.created_at, a.id) FILTER (WHERE a.state = ANY(CAST(?4 AS text[]))))[1]
                FROM automation_actions a, unnest(a.host_ids) h
                WHERE a.host_ids && CAST(?1 AS text[]) AND h = ANY(CAST(?1 AS text[]))
                  AND a.state = ANY(CAST(?2 AS text[])) AND a.id <> ?3
                  AND (a.cooldown_until IS NOT NULL OR a.state = ANY(CAST(?4 AS text[])))
                GROUP BY h""")
                .setParameter(1, hostIds.toArray(String[]::new))
                .setParameter(2, names(State.ACTED))
                .setParameter(3, except == null ? "" : except)
                .setParameter(4, names(State.OPEN))
                .getResultList()).forEach(row -> holds.put((String) row[0],
                        new Guardrails.Hold(instant(row[1]), (String) row[2])));
        return holds;
    }

    /**
     * What the hourly budget has spent: distinct hosts changed (their apply answered APPLIED) in automation's
     * rollouts since {@code since}, and distinct hosts of automation's rollouts under way that have not answered yet.
     */
    public record BudgetUse(int changed, int changing) {
    }

    /**
     * Reads {@link BudgetUse} from the rollouts and commands tables directly: the hosts changed in an hour span many
     * rollouts, and asking each through its service would be a round of queries per rollout.
     */
    @Transactional
    public BudgetUse budgetUse(Instant since) {
        Object[] row = (Object[]) em.createNativeQuery("""
                WITH changed AS (
                    SELECT DISTINCT ch.host_id FROM automation_actions a
                    JOIN rollout_waves w ON w.rollout_id = a.rollout_id
                    JOIN command_hosts ch ON ch.command_id = w.apply_command_id
                    WHERE a.action = 'APPLY_PROFILE' AND (a.state = 'STARTED' OR a.updated_at >= ?1)
                      AND ch.outcome = 'APPLIED' AND ch.updated_at >= ?1),
                changing AS (
                    SELECT DISTINCT h FROM automation_actions a, unnest(a.host_ids) h
                    WHERE a.action = 'APPLY_PROFILE' AND a.state = 'STARTED' AND NOT EXISTS (
                        SELECT 1 FROM rollout_waves w JOIN command_hosts ch ON ch.command_id = w.apply_command_id
                        WHERE w.rollout_id = a.rollout_id AND ch.host_id = h AND ch.outcome IS NOT NULL)
                    EXCEPT SELECT host_id FROM changed)
                SELECT (SELECT count(*) FROM changed), (SELECT count(*) FROM changing)""")
                .setParameter(1, utc(since)).getSingleResult();
        return new BudgetUse(((Number) row[0]).intValue(), ((Number) row[1]).intValue());
    }

    /** How many of automation's rollouts are active (running, paused, rolling back or halted). */
    @Transactional
    public int activeRollouts() {
        return ((Number) em.createNativeQuery("""
                SELECT count(*) FROM automation_actions a JOIN rollouts r ON r.id = a.rollout_id
                WHERE a.state = 'STARTED' AND r.state = ANY(CAST(?1 AS text[]))""")
                .setParameter(1, RolloutState.ACTIVE.stream().map(Enum::name).toArray(String[]::new))
                .getSingleResult()).intValue();
    }

    /** How many actions are in each state (states with none are absent), and the oldest queued one's queued_at. */
    public record Tally(Map<State, Long> byState, Instant oldestQueuedAt) {
    }

    @Transactional
    @SuppressWarnings("unchecked")
    public Tally tally() {
        Map<State, Long> byState = new HashMap<>();
        Instant oldest = null;
        for (Object[] row : (List<Object[]>) em.createNativeQuery(
                "SELECT state, count(*), min(queued_at) FROM automation_actions GROUP BY state").getResultList()) {
            State state = State.valueOf((String) row[0]);
            byState.put(state, ((Number) row[1]).longValue());
            if (state == State.QUEUED) {
                oldest = instant(row[2]);
            }
        }
        return new Tally(byState, oldest);
    }

    @Transactional
    public Optional<AutomationAction> find(String id) {
        return actions(em.createNativeQuery("SELECT " + COLUMNS + " FROM automation_actions WHERE id = ?1")
                .setParameter(1, id).getResultList()).stream().findFirst();
    }

    /** The oldest actions in any of {@code states}, of kind {@code action} only if it is not null. */
    @Transactional
    public List<AutomationAction> inStates(List<State> states, AutomationRule.Action action, int limit) {
        return actions(em.createNativeQuery("SELECT " + COLUMNS + " FROM automation_actions"
                        + " WHERE state = ANY(CAST(?1 AS text[])) AND (CAST(?3 AS text) IS NULL OR action = ?3)"
                        + " ORDER BY created_at, id LIMIT ?2")
                .setParameter(1, names(states)).setParameter(2, limit)
                .setParameter(3, action == null ? null : action.name()).getResultList());
    }

    /** The newest first, optionally only those in {@code state}. */
    @Transactional
    public List<AutomationAction> newest(State state, int limit) {
        return actions(em.createNativeQuery("SELECT " + COLUMNS + " FROM automation_actions"
                        + " WHERE (CAST(?1 AS text) IS NULL OR state = ?1) ORDER BY created_at DESC, id LIMIT ?2")
                .setParameter(1, state == null ? null : state.name()).setParameter(2, limit).getResultList());
    }

    /**
     * Moves the action from {@code from} to {@code to}, setting {@code reason} and the non-null ones of the rest;
     * false if it was no longer in {@code from} (another step or an operator got there first).
     */
    @Transactional
    public boolean transition(String id, State from, State to, String reason, String rolloutId, String campaignId,
            Map<String, Object> judgement) {
        return em.createNativeQuery("""
                UPDATE automation_actions SET state = ?3, reason = COALESCE(?4, reason),
                    rollout_id = COALESCE(?5, rollout_id), campaign_id = COALESCE(?6, campaign_id),
                    judgement = COALESCE(CAST(?7 AS jsonb), judgement),
                    started_at = CASE WHEN ?3 = 'STARTED' THEN now() ELSE started_at END,
                    queued_at = CASE WHEN ?3 = 'QUEUED' THEN COALESCE(queued_at, now()) ELSE queued_at END,
                    updated_at = now()
                WHERE id = ?1 AND state = ?2""")
                .setParameter(1, id)
                .setParameter(2, from.name())
                .setParameter(3, to.name())
                .setParameter(4, reason)
                .setParameter(5, rolloutId)
                .setParameter(6, campaignId)
                .setParameter(7, judgement == null ? null : JsonColumns.text(judgement))
                .executeUpdate() == 1;
    }

    private static String[] names(List<State> states) {
        return states.stream().map(Enum::name).toArray(String[]::new);
    }

    @SuppressWarnings("unchecked")
    private static List<AutomationAction> actions(List<?> rows) {
        return rows.stream().map(Object[].class::cast).map(r -> new AutomationAction((String) r[0], (String) r[1],
                ((Number) r[2]).longValue(), (String) r[3], (String) r[4], (String) r[5], (String) r[6],
                ((Number) r[7]).doubleValue(), AutomationRule.Action.valueOf((String) r[8]),
                List.copyOf(JsonColumns.read((String) r[9], List.class)), State.valueOf((String) r[10]),
                (String) r[11], JsonColumns.read((String) r[12], Map.class), (String) r[13], (String) r[14],
                r[15] == null ? null : JsonColumns.read((String) r[15], Map.class), instant(r[16]), instant(r[17]),
                instant(r[18]), instant(r[19]), instant(r[20]))).toList();
    }
}
