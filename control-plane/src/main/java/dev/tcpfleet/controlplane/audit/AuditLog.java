package dev.tcpfleet.controlplane.audit;

import static dev.tcpfleet.controlplane.sql.SqlTimes.instant;

import dev.tcpfleet.controlplane.ControlPlaneConfig;
import dev.tcpfleet.controlplane.sql.JsonColumns;
import dev.tcpfleet.controlplane.sql.SqlTimes;
import dev.tcpfleet.controlplane.auth.CurrentCaller;
import dev.tcpfleet.controlplane.leases.Lease;
import dev.tcpfleet.controlplane.leases.Leases;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The audit trail in PostgreSQL. An entry joins its caller's transaction when there is one: automation's decisions
 * land together with their entries. Automation's later steps (start, judge) and API requests ({@link RequestAuditFilter},
 * once answered) are recorded in a transaction of their own, after the change: a crash between the two can lose
 * the entry, never invent one.
 */
@ApplicationScoped
public class AuditLog {
    /** Entries deleted per statement, so a first clean-up of a large backlog holds no lock for long. */
    private static final int DELETE_BATCH = 10_000;
    private static final int UNAUTHORIZED = 401;

    private final EntityManager em;
    private final Duration retention;
    private final Leases leases;

    AuditLog(EntityManager em, ControlPlaneConfig config, Leases leases) {
        this.leases = leases;
        this.em = em;
        this.retention = config.auth().auditRetention();
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void hourly() {
        if (leases.hold(Lease.HOUSEKEEPING)) {
            dropOlderThan(Instant.now().minus(retention));
        }
    }

    /** Deletes entries from before {@code cutoff}, a batch per transaction; returns how many. */
    public long dropOlderThan(Instant cutoff) {
        long dropped = 0;
        int batch;
        do {
            batch = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("DELETE FROM audit_events"
                            + " WHERE id IN (SELECT id FROM audit_events WHERE at < ?1 ORDER BY id LIMIT ?2)")
                    .setParameter(1, SqlTimes.utc(cutoff)).setParameter(2, DELETE_BATCH).executeUpdate());
            dropped += batch;
        } while (batch == DELETE_BATCH);
        return dropped;
    }

    /**
     * @param actor   who: a token's name, {@code automation:<rule>}, or for a rollback no request ordered
     *                {@code closed-loop:<rule>} or {@code rollout-gate}
     * @param action  what, as {@code area.verb}, e.g. {@code automation.start}, or the request's route
     * @param target  what it was done to, e.g. a host list or an action id
     * @param detail  the request and whatever explains the outcome (the alert behind an automated action)
     * @param outcome how it ended, in a few words
     */
    @Transactional
    public void record(String actor, String action, String target, Map<String, ?> detail, String outcome) {
        em.createNativeQuery("INSERT INTO audit_events (actor, action, target, detail, outcome)"
                        + " VALUES (?1, ?2, ?3, CAST(?4 AS jsonb), ?5)")
                .setParameter(1, storable(actor))
                .setParameter(2, action)
                .setParameter(3, storable(target))
                .setParameter(4, JsonColumns.text(detail)) // written without NUL, like every message
                .setParameter(5, storable(outcome))
                .executeUpdate();
    }

    /**
     * Adds counts of unauthenticated requests, each to the row of its source, minute and route: created with the first
     * count, then grown. In key order, so instances flushing the same keys at once take their row locks alike and
     * never deadlock.
     */
    @Transactional
    public void addRefusals(Map<RefusalTally.Key, Long> counts) {
        counts.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.comparing(RefusalTally.Key::source)
                .thenComparing(RefusalTally.Key::action).thenComparing(RefusalTally.Key::minute))).forEach(count -> {
                    RefusalTally.Key key = count.getKey();
                    em.createNativeQuery("INSERT INTO audit_events (at, actor, action, target, detail, outcome, count)"
                                    + " VALUES (?1, ?2, ?3, ?4, CAST(?5 AS jsonb), ?6, ?7)"
                                    + " ON CONFLICT (target, action, at) WHERE count IS NOT NULL"
                                    + " DO UPDATE SET count = audit_events.count + EXCLUDED.count")
                            .setParameter(1, SqlTimes.utc(key.minute()))
                            .setParameter(2, CurrentCaller.ANONYMOUS)
                            .setParameter(3, storable(key.action()))
                            .setParameter(4, storable(key.source()))
                            .setParameter(5, JsonColumns.text(Map.of("source", key.source(), "status", UNAUTHORIZED)))
                            .setParameter(6, UNAUTHORIZED + " unauthorized: no valid API token")
                            .setParameter(7, count.getValue())
                            .executeUpdate();
                });
    }

    /** PostgreSQL keeps no NUL in text or jsonb, and a refused request may carry one: it is kept as U+FFFD. */
    private static String storable(String text) {
        return text == null ? null : text.replace('\0', '\uFFFD');
    }

    /**
     * Entries newest first, those with an id below {@code beforeId} (the last id of the page before), optionally
     * only those about {@code target} or by {@code actor}. Paged by id, not time: one transaction writes many
     * entries with the same time, and a page boundary inside them would repeat forever.
     */
    @Transactional
    public List<AuditEntry> newest(String target, String actor, long beforeId, int limit) {
        // only the filters asked for, so each query can use its own index whatever plan PostgreSQL caches
        StringBuilder sql = new StringBuilder("SELECT id, at, actor, action, target, CAST(detail AS text), outcome,"
                + " count FROM audit_events WHERE id < :before");
        if (target != null) {
            sql.append(" AND target = :target");
        }
        if (actor != null) {
            sql.append(" AND actor = :actor");
        }
        var query = em.createNativeQuery(sql.append(" ORDER BY id DESC LIMIT :limit").toString())
                .setParameter("before", beforeId).setParameter("limit", limit);
        if (target != null) {
            query.setParameter("target", target);
        }
        if (actor != null) {
            query.setParameter("actor", actor);
        }
        return ((List<?>) query.getResultList()).stream().map(Object[].class::cast)
                .map(r -> new AuditEntry(((Number) r[0]).longValue(), instant(r[1]), (String) r[2], (String) r[3],
                        (String) r[4], JsonColumns.read((String) r[5], Map.class), (String) r[6],
                        r[7] == null ? null : ((Number) r[7]).longValue()))
                .toList();
    }
}
