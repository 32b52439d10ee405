package dev.tcpfleet.controlplane.changes;

import static dev.tcpfleet.controlplane.sql.SqlTimes.instant;
import static dev.tcpfleet.controlplane.sql.SqlTimes.utc;

import dev.tcpfleet.controlplane.sql.JsonColumns;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Change events read from the command and campaign rows, and the effects written onto the command rows, in plain
 * SQL. The rows belong to the commands and campaigns features; this one only reads them and fills {@code effect}.
 */
@ApplicationScoped
public class ChangeStore {
    private final EntityManager em;

    ChangeStore(EntityManager em) {
        this.em = em;
    }

    /**
     * A host's applied apply awaiting measurement.
     *
     * @param sentAt     when the apply was sent: the baseline is the last snapshot before it
     * @param answeredAt when the host finished it, by its own clock as its snapshots are
     */
    record Due(String commandId, String hostId, Instant sentAt, Instant answeredAt) {
    }

    /** Applied applies with no effect yet whose answer was stored before {@code answeredBefore}, oldest first. */
    List<Due> due(Instant answeredBefore, int limit) {
        List<?> rows = em.createNativeQuery("""
                SELECT h.command_id, h.host_id, c.created_at,
                       COALESCE(CAST(h.result ->> 'finishedAt' AS timestamptz), h.updated_at)
                FROM command_hosts h JOIN commands c ON c.id = h.command_id
                WHERE h.outcome = 'APPLIED' AND h.effect IS NULL AND h.updated_at < ?1
                  AND c.action = 'apply' AND NOT c.dry_run
                ORDER BY h.updated_at
                LIMIT ?2""")
                .setParameter(1, utc(answeredBefore))
                .setParameter(2, limit)
                .getResultList();
        return rows.stream().map(Object[].class::cast)
                .map(row -> new Due((String) row[0], (String) row[1], instant(row[2]), instant(row[3])))
                .toList();
    }

    /** Stores the effect unless one is stored already: another instance of the control plane may have measured it. */
    @Transactional
    void saveEffect(String commandId, String hostId, EffectView effect) {
        em.createNativeQuery("""
                UPDATE command_hosts SET effect = CAST(?3 AS jsonb)
                WHERE command_id = ?1 AND host_id = ?2 AND effect IS NULL""")
                .setParameter(1, commandId)
                .setParameter(2, hostId)
                .setParameter(3, JsonColumns.text(effect))
                .executeUpdate();
    }

    Optional<EffectView> effect(String commandId, String hostId) {
        List<?> rows = em.createNativeQuery(
                        "SELECT CAST(effect AS text) FROM command_hosts WHERE command_id = ?1 AND host_id = ?2")
                .setParameter(1, commandId)
                .setParameter(2, hostId)
                .getResultList();
        return rows.stream().filter(json -> json != null).findFirst()
                .map(json -> JsonColumns.read((String) json, EffectView.class));
    }

    /**
     * The change events of {@code hostIds} in {@code [from, to)}, oldest first, at most {@code limit}: commands sent
     * in the range, and campaigns that ran during some of it.
     */
    public List<ChangeEvent> events(List<String> hostIds, Instant from, Instant to, int limit) {
        List<ChangeEvent> events = new ArrayList<>(commands(hostIds, from, to, limit));
        events.addAll(campaigns(hostIds, from, to, limit));
        events.sort(Comparator.comparing(ChangeEvent::at).thenComparing(ChangeEvent::id)
                .thenComparing(ChangeEvent::hostId));
        return events.size() <= limit ? events : List.copyOf(events.subList(0, limit));
    }

    private List<ChangeEvent> commands(List<String> hostIds, Instant from, Instant to, int limit) {
        List<?> rows = inRange("""
                SELECT c.created_at, c.action, c.id, h.host_id, c.profile, c.profile_version, h.outcome,
                       CAST(h.result ->> 'finishedAt' AS timestamptz), CAST(h.effect AS text), c.actor,
                       c.rollout_id, c.action_id
                FROM command_hosts h JOIN commands c ON c.id = h.command_id
                WHERE h.host_id = ANY(CAST(?1 AS text[])) AND NOT c.dry_run
                  AND c.created_at >= ?2 AND c.created_at < ?3
                ORDER BY c.created_at, c.id, h.host_id
                LIMIT ?4""", hostIds, from, to, limit);
        return rows.stream().map(Object[].class::cast)
                .map(row -> ChangeEvent.command(instant(row[0]), (String) row[1], (String) row[2], (String) row[3],
                        (String) row[4], row[5] == null ? null : ((Number) row[5]).intValue(), (String) row[6],
                        instant(row[7]), row[8] == null ? null : JsonColumns.read((String) row[8], EffectView.class),
                        new ChangeEvent.Attribution((String) row[9], (String) row[10], (String) row[11])))
                .toList();
    }

    private List<ChangeEvent> campaigns(List<String> hostIds, Instant from, Instant to, int limit) {
        // LEAST skips nulls: a host yet to answer of a campaign not stopped runs until the deadline
        List<?> rows = inRange("""
                SELECT c.created_at, LEAST(h.answered_at, c.stopped_at, c.deadline), c.id, h.host_id,
                       c.test ->> 'kind', c.started_by, c.action_id
                FROM campaign_hosts h JOIN campaigns c ON c.id = h.campaign_id
                WHERE h.host_id = ANY(CAST(?1 AS text[])) AND c.created_at < ?3 AND c.deadline > ?2
                  AND LEAST(h.answered_at, c.stopped_at, c.deadline) > ?2
                ORDER BY c.created_at, c.id, h.host_id
                LIMIT ?4""", hostIds, from, to, limit);
        return rows.stream().map(Object[].class::cast)
                .map(row -> ChangeEvent.campaign(instant(row[0]), instant(row[1]), (String) row[2], (String) row[3],
                        ((String) row[4]).toLowerCase(Locale.ROOT),
                        new ChangeEvent.Attribution((String) row[5], null, (String) row[6])))
                .toList();
    }

    /** Runs an events query, whose parameters are always the hosts, the range and the limit, in that order. */
    private List<?> inRange(String sql, List<String> hostIds, Instant from, Instant to, int limit) {
        return em.createNativeQuery(sql)
                .setParameter(1, hostIds.toArray(String[]::new))
                .setParameter(2, utc(from))
                .setParameter(3, utc(to))
                .setParameter(4, limit)
                .getResultList();
    }
}
