package dev.tcpfleet.controlplane.alerts;

import dev.tcpfleet.controlplane.sql.SqlTimes;
import dev.tcpfleet.domain.alerts.AlertState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/** Alert states in PostgreSQL, one row per rule and subject (a host, the fleet, a campaign). */
@ApplicationScoped
public class AlertStore {
    /** A stored alert. */
    public record Row(String rule, AlertSubject subject, AlertState state) {
    }

    private static final String COLUMNS = "rule, subject, host_id, status, since, last_value, evaluated_at";

    private final EntityManager em;

    AlertStore(EntityManager em) {
        this.em = em;
    }

    /**
     * The hosts' alert states, by host and rule, locked until the transaction ends so two judges cannot race; in host
     * order, so that two batches lock them in the same order. Each host's rows are looked up through alerts_by_host:
     * joined with the ids, or matched with {@code = ANY(array)} (see CommandStore's lock), PostgreSQL scanned the
     * whole table for every batch.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<String, Map<String, AlertState>> forHosts(Collection<String> hostIds) {
        Map<String, Map<String, AlertState>> states = new HashMap<>();
        rows(em.createNativeQuery("SELECT " + COLUMNS + " FROM unnest(CAST(?1 AS text[])) AS batch (id)"
                        + " CROSS JOIN LATERAL (SELECT " + COLUMNS + " FROM alerts WHERE host_id = batch.id"
                        + " ORDER BY rule FOR UPDATE) AS locked")
                .setParameter(1, new TreeSet<>(hostIds).toArray(String[]::new)).getResultList())
                .forEach(row -> states.computeIfAbsent(row.subject().hostId(), host -> new HashMap<>())
                        .put(row.rule(), row.state()));
        return states;
    }

    /** The state of one rule's alert on {@code subject} (initial if never judged), locked like {@link #forHosts}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public AlertState lock(String rule, AlertSubject subject) {
        return rows(em.createNativeQuery("SELECT " + COLUMNS + " FROM alerts WHERE rule = ?1 AND subject = ?2"
                + " FOR UPDATE").setParameter(1, rule).setParameter(2, subject.id()).getResultList()).stream()
                .findFirst().map(Row::state).orElse(AlertState.initial());
    }

    /** Writes the rows (one per rule and subject), in one statement. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void save(Collection<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        em.createNativeQuery("""
                INSERT INTO alerts (rule, subject, host_id, status, since, last_value, evaluated_at)
                SELECT * FROM unnest(CAST(?1 AS text[]), CAST(?2 AS text[]), CAST(?3 AS text[]), CAST(?4 AS text[]),
                    CAST(CAST(?5 AS text[]) AS timestamptz[]), CAST(?6 AS float8[]),
                    CAST(CAST(?7 AS text[]) AS timestamptz[]))
                ON CONFLICT (rule, subject) DO UPDATE SET status = EXCLUDED.status, since = EXCLUDED.since,
                    last_value = EXCLUDED.last_value, evaluated_at = EXCLUDED.evaluated_at""")
                .setParameter(1, column(rows, Row::rule))
                .setParameter(2, column(rows, row -> row.subject().id()))
                .setParameter(3, column(rows, row -> row.subject().hostId()))
                .setParameter(4, column(rows, row -> row.state().status().name()))
                .setParameter(5, column(rows, row -> text(row.state().since())))
                .setParameter(6, rows.stream().map(row -> row.state().lastValue()).toArray(Double[]::new))
                .setParameter(7, column(rows, row -> text(row.state().evaluatedAt())))
                .executeUpdate();
    }

    private static String[] column(Collection<Row> rows, Function<Row, String> value) {
        return rows.stream().map(value).toArray(String[]::new);
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** The rules whose alert on the host is firing now or went to firing at or after {@code since}. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<String> firingSince(String hostId, Instant since) {
        return em.createNativeQuery("SELECT rule FROM alerts WHERE host_id = ?1 AND status = 'FIRING'"
                        + " UNION SELECT rule FROM alert_events WHERE host_id = ?1 AND to_status = 'FIRING' AND at >= ?2"
                        + " ORDER BY 1")
                .setParameter(1, hostId).setParameter(2, SqlTimes.utc(since)).getResultList();
    }

    /** Whether the rule's alert about {@code subject} (a host id, or the fleet) is firing now. */
    @Transactional
    public boolean isFiring(String rule, String subject) {
        return !em.createNativeQuery("SELECT 1 FROM alerts WHERE rule = ?1 AND subject = ?2 AND status = 'FIRING'")
                .setParameter(1, rule).setParameter(2, subject).getResultList().isEmpty();
    }

    /** Alerts in any of {@code statuses}, newest change first. */
    public List<Row> withStatus(List<AlertState.Status> statuses) {
        return rows(em.createNativeQuery("SELECT " + COLUMNS + " FROM alerts"
                        + " WHERE status = ANY(CAST(?1 AS text[])) ORDER BY since DESC, rule, subject")
                .setParameter(1, statuses.stream().map(Enum::name).toArray(String[]::new))
                .getResultList());
    }

    /**
     * What {@link #firingOrResolvedSince} would answer, in short: each alert's rule, subject and status, in
     * order; an alert that moved, came or went changes it.
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<String> firingOrResolvedKeys(Instant resolvedSince) {
        return em.createNativeQuery("SELECT rule || ' ' || subject || ' ' || status FROM alerts"
                        + " WHERE status = 'FIRING' OR (status = 'RESOLVED' AND since >= ?1) ORDER BY rule, subject")
                .setParameter(1, SqlTimes.utc(resolvedSince)).getResultList();
    }

    /** Alerts firing now, and those that resolved at or after {@code resolvedSince}. */
    public List<Row> firingOrResolvedSince(Instant resolvedSince) {
        return rows(em.createNativeQuery("SELECT " + COLUMNS + " FROM alerts WHERE status = 'FIRING'"
                        + " OR (status = 'RESOLVED' AND since >= ?1) ORDER BY rule, subject")
                .setParameter(1, SqlTimes.utc(resolvedSince)).getResultList());
    }

    private static List<Row> rows(List<?> result) {
        return result.stream().map(Object[].class::cast)
                .map(r -> new Row((String) r[0], new AlertSubject((String) r[1], (String) r[2]), new AlertState(
                        AlertState.Status.valueOf((String) r[3]), SqlTimes.instant(r[4]),
                        ((Number) r[5]).doubleValue(), SqlTimes.instant(r[6]))))
                .toList();
    }
}
