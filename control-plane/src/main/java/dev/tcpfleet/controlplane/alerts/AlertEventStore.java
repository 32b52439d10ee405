package dev.tcpfleet.controlplane.alerts;

import dev.tcpfleet.controlplane.sql.SqlTimes;
import dev.tcpfleet.protocol.AlertEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The alert_events outbox: status changes waiting to be published and posted. */
@ApplicationScoped
public class AlertEventStore {
    /** An event and where its webhook delivery stands. */
    public record Delivery(AlertEvent event, boolean published, boolean webhookDone, int webhookAttempts,
            String webhookError) {
    }

    private static final String COLUMNS = "id, rule, subject, host_id, severity, from_status, to_status, metric, value,"
            + " threshold, at, published, webhook_done, webhook_attempts, webhook_error";

    private final EntityManager em;

    AlertEventStore(EntityManager em) {
        this.em = em;
    }

    /** A change to record; {@code webhook} says whether the webhook is to hear of it. */
    public record Change(AlertEvent event, boolean webhook) {
    }

    /** Records the changes in one statement, in order: a batch of snapshots can move thousands of alerts. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void add(List<Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        List<AlertEvent> events = changes.stream().map(Change::event).toList();
        em.createNativeQuery("""
                        INSERT INTO alert_events (rule, subject, host_id, severity, from_status, to_status, metric, value,
                                                  threshold, at, webhook_done)
                        SELECT rule, subject, host_id, severity, from_status, to_status, metric, value, threshold,
                               CAST(at AS timestamptz), webhook_done
                        FROM unnest(CAST(?1 AS text[]), CAST(?2 AS text[]), CAST(?3 AS text[]), CAST(?4 AS text[]),
                                    CAST(?5 AS text[]), CAST(?6 AS text[]), CAST(?7 AS text[]),
                                    CAST(?8 AS float8[]), CAST(?9 AS float8[]), CAST(?10 AS text[]),
                                    CAST(?11 AS boolean[])) WITH ORDINALITY
                             AS e (rule, subject, host_id, severity, from_status, to_status, metric, value, threshold,
                                   at, webhook_done, position)
                        ORDER BY position""")
                .setParameter(1, events.stream().map(AlertEvent::rule).toArray(String[]::new))
                .setParameter(2, events.stream().map(AlertEvent::subject).toArray(String[]::new))
                .setParameter(3, events.stream().map(AlertEvent::hostId).toArray(String[]::new))
                .setParameter(4, events.stream().map(AlertEvent::severity).toArray(String[]::new))
                .setParameter(5, events.stream().map(AlertEvent::from).toArray(String[]::new))
                .setParameter(6, events.stream().map(AlertEvent::to).toArray(String[]::new))
                .setParameter(7, events.stream().map(AlertEvent::metric).toArray(String[]::new))
                .setParameter(8, events.stream().map(AlertEvent::value).toArray(Double[]::new))
                .setParameter(9, events.stream().map(AlertEvent::threshold).toArray(Double[]::new))
                .setParameter(10, events.stream().map(e -> e.at().toString()).toArray(String[]::new))
                .setParameter(11, changes.stream().map(c -> !c.webhook()).toArray(Boolean[]::new))
                .executeUpdate();
    }

    @Transactional
    public List<Delivery> unpublished(int limit) {
        return deliveries("SELECT " + COLUMNS + " FROM alert_events WHERE NOT published ORDER BY id LIMIT ?1", limit,
                null);
    }

    /**
     * Events whose webhook post is due, oldest first; none waits behind an earlier event of its alert (rule and
     * subject) that is not through and still backs off, so an alert's FIRING is posted before its RESOLVED.
     */
    @Transactional
    public List<Delivery> webhookDue(Instant now, int limit) {
        return deliveries("SELECT " + COLUMNS + " FROM alert_events e WHERE NOT webhook_done AND webhook_next_at <= ?2"
                + " AND NOT EXISTS (SELECT 1 FROM alert_events b WHERE NOT b.webhook_done AND b.webhook_next_at > ?2"
                + " AND b.rule = e.rule AND b.subject = e.subject AND b.id < e.id)"
                + " ORDER BY id LIMIT ?1", limit, now);
    }

    /** Alerts that went FIRING and automation has not decided on yet, oldest first. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<AlertEvent> firingUndecided(int limit) {
        return deliveries("SELECT " + COLUMNS + " FROM alert_events WHERE to_status = 'FIRING'"
                + " AND NOT automation_decided ORDER BY id LIMIT ?1", limit, null).stream().map(Delivery::event)
                .toList();
    }

    /** When event {@code id} happened, by its snapshot's clock; empty once it is pruned. */
    public Optional<Instant> at(long id) {
        return em.createNativeQuery("SELECT at FROM alert_events WHERE id = ?1").setParameter(1, id)
                .getResultList().stream().findFirst().map(SqlTimes::instant);
    }

    /** Marks the event decided; false if it already was. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean markDecided(long id) {
        return em.createNativeQuery("UPDATE alert_events SET automation_decided = true WHERE id = ?1"
                + " AND NOT automation_decided").setParameter(1, id).executeUpdate() == 1;
    }

    @Transactional
    public List<Delivery> newest(int limit) {
        return deliveries("SELECT " + COLUMNS + " FROM alert_events ORDER BY id DESC LIMIT ?1", limit, null);
    }

    @Transactional
    public void markPublished(List<Long> ids) {
        em.createNativeQuery("UPDATE alert_events SET published = true WHERE id = ANY(?1)")
                .setParameter(1, ids.toArray(Long[]::new)).executeUpdate();
    }

    /** Records a webhook try: done when it succeeded or was the last allowed, else due again at {@code nextAt}. */
    @Transactional
    public void recordWebhookTry(long id, boolean done, String error, Instant nextAt) {
        em.createNativeQuery("UPDATE alert_events SET webhook_done = ?2, webhook_attempts = webhook_attempts + 1,"
                        + " webhook_error = ?3, webhook_next_at = ?4 WHERE id = ?1")
                .setParameter(1, id)
                .setParameter(2, done)
                .setParameter(3, error)
                .setParameter(4, SqlTimes.utc(nextAt))
                .executeUpdate();
    }

    /** The webhook is not to hear of this event (a silence covers it); {@code reason} says so in its record. */
    @Transactional
    public void skipWebhook(long id, String reason) {
        em.createNativeQuery("UPDATE alert_events SET webhook_done = true, webhook_error = ?2 WHERE id = ?1")
                .setParameter(1, id).setParameter(2, reason).executeUpdate();
    }

    /** Reads events by {@code sql}, whose ?1 is the limit and ?2, if any, {@code second}. */
    private List<Delivery> deliveries(String sql, int limit, Object second) {
        var query = em.createNativeQuery(sql).setParameter(1, limit);
        if (second != null) {
            query.setParameter(2, second instanceof Instant at ? SqlTimes.utc(at) : second);
        }
        return ((List<?>) query.getResultList()).stream().map(Object[].class::cast).map(r -> new Delivery(
                new AlertEvent(AlertEvent.SCHEMA_VERSION, ((Number) r[0]).longValue(), (String) r[1], (String) r[2],
                        (String) r[3], (String) r[4], (String) r[5], (String) r[6], (String) r[7],
                        ((Number) r[8]).doubleValue(), ((Number) r[9]).doubleValue(), SqlTimes.instant(r[10])),
                (Boolean) r[11], (Boolean) r[12], ((Number) r[13]).intValue(), (String) r[14])).toList();
    }
}
