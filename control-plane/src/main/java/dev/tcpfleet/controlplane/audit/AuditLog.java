package dev.tcpfleet.controlplane.audit;

import static dev.tcpfleet.controlplane.SqlTimes.instant;
import static dev.tcpfleet.controlplane.SqlTimes.utc;

import dev.tcpfleet.controlplane.JsonColumns;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The audit trail in PostgreSQL. Automation writes its entries in the transaction of the change they record, so a
 * change and its entry land together or not at all; API requests are recorded once answered ({@link RequestAudit}).
 */
@ApplicationScoped
public class AuditLog {
    private final EntityManager em;

    AuditLog(EntityManager em) {
        this.em = em;
    }

    /**
     * @param actor   who: a token's name, {@code anonymous}, or {@code automation:<rule>}
     * @param action  what, as {@code area.verb}, e.g. {@code automation.start}, or the request's route
     * @param target  what it was done to, e.g. a host list or an action id
     * @param detail  the request and whatever explains the outcome (the alert behind an automated action)
     * @param outcome how it ended, in a few words
     */
    @Transactional
    public void record(String actor, String action, String target, Map<String, ?> detail, String outcome) {
        em.createNativeQuery("INSERT INTO audit_events (actor, action, target, detail, outcome)"
                        + " VALUES (?1, ?2, ?3, CAST(?4 AS jsonb), ?5)")
                .setParameter(1, actor)
                .setParameter(2, action)
                .setParameter(3, target)
                .setParameter(4, JsonColumns.text(detail))
                .setParameter(5, outcome)
                .executeUpdate();
    }

    /** Entries newest first, at or before {@code before}, optionally only those about {@code target} or by {@code actor}. */
    @Transactional
    public List<AuditEntry> newest(String target, String actor, Instant before, int limit) {
        return ((List<?>) em.createNativeQuery("""
                        SELECT id, at, actor, action, target, CAST(detail AS text), outcome FROM audit_events
                        WHERE (CAST(?1 AS text) IS NULL OR target = ?1) AND (CAST(?2 AS text) IS NULL OR actor = ?2)
                            AND at <= ?3
                        ORDER BY at DESC, id DESC LIMIT ?4""")
                .setParameter(1, target)
                .setParameter(2, actor)
                .setParameter(3, utc(before))
                .setParameter(4, limit)
                .getResultList()).stream().map(Object[].class::cast)
                .map(r -> new AuditEntry(((Number) r[0]).longValue(), instant(r[1]), (String) r[2], (String) r[3],
                        (String) r[4], JsonColumns.read((String) r[5], Map.class), (String) r[6]))
                .toList();
    }
}
