package dev.tcpfleet.controlplane.alerts;

import dev.tcpfleet.controlplane.sql.SqlTimes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Alert silences in PostgreSQL. */
@ApplicationScoped
public class SilenceStore {
    private final EntityManager em;

    SilenceStore(EntityManager em) {
        this.em = em;
    }

    @Transactional
    public SilenceView add(String rule, String hostId, String reason, Instant endsAt) {
        Object[] row = (Object[]) em.createNativeQuery("INSERT INTO alert_silences (rule, host_id, reason, ends_at)"
                        + " VALUES (?1, ?2, ?3, ?4) RETURNING id, created_at")
                .setParameter(1, rule)
                .setParameter(2, hostId)
                .setParameter(3, reason)
                .setParameter(4, SqlTimes.utc(endsAt))
                .getSingleResult();
        return new SilenceView(((Number) row[0]).longValue(), rule, hostId, reason, SqlTimes.instant(row[1]), endsAt,
                List.of());
    }

    /** Silences that have not ended at {@code now}, newest first. */
    @Transactional
    public List<SilenceView> active(Instant now) {
        return ((List<?>) em.createNativeQuery("SELECT id, rule, host_id, reason, created_at, ends_at"
                        + " FROM alert_silences WHERE ends_at > ?1 ORDER BY id DESC")
                .setParameter(1, SqlTimes.utc(now)).getResultList()).stream().map(Object[].class::cast)
                .map(r -> new SilenceView(((Number) r[0]).longValue(), (String) r[1], (String) r[2], (String) r[3],
                        SqlTimes.instant(r[4]), SqlTimes.instant(r[5]), List.of()))
                .toList();
    }

    /** Ends a silence now; empty if there is no such silence still running. */
    @Transactional
    public Optional<Long> end(long id, Instant now) {
        int ended = em.createNativeQuery("UPDATE alert_silences SET ends_at = ?2 WHERE id = ?1 AND ends_at > ?2")
                .setParameter(1, id).setParameter(2, SqlTimes.utc(now)).executeUpdate();
        return ended == 1 ? Optional.of(id) : Optional.empty();
    }

    /**
     * The silence among {@code active} covering {@code rule}'s alert on {@code hostId}, if any. A fleet or campaign
     * alert has no host (null): only silences for every host cover it.
     */
    public static Optional<SilenceView> covering(List<SilenceView> active, String rule, String hostId) {
        return active.stream().filter(s -> (s.rule() == null || s.rule().equals(rule))
                && (s.hostId() == null || s.hostId().equals(hostId))).findFirst();
    }
}
