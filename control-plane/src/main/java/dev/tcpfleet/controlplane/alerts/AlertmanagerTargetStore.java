package dev.tcpfleet.controlplane.alerts;

import dev.tcpfleet.controlplane.sql.SqlTimes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/**
 * How the posts to each Alertmanager endpoint go, in PostgreSQL: written by the delivery lease's holder, read by
 * any instance's API.
 */
@ApplicationScoped
public class AlertmanagerTargetStore {
    private final EntityManager em;

    AlertmanagerTargetStore(EntityManager em) {
        this.em = em;
    }

    /**
     * Records a post of {@code alerts} alerts to {@code url}: taken ({@code error} null), or failed, the
     * {@code failures}-th in a row, to be tried again at {@code nextTryAt}.
     */
    @Transactional
    public void recordTry(String url, Instant at, int alerts, int failures, String error, Instant nextTryAt) {
        em.createNativeQuery("""
                INSERT INTO alertmanager_targets (url, last_try_at, last_ok_at, alerts, failures, last_error,
                                                  next_try_at)
                VALUES (?1, ?2, CASE WHEN ?7 THEN CAST(?2 AS timestamptz) END, ?3, ?4, ?5, ?6)
                ON CONFLICT (url) DO UPDATE SET last_try_at = EXCLUDED.last_try_at,
                    last_ok_at = coalesce(EXCLUDED.last_ok_at, alertmanager_targets.last_ok_at),
                    alerts = EXCLUDED.alerts, failures = EXCLUDED.failures, last_error = EXCLUDED.last_error,
                    next_try_at = EXCLUDED.next_try_at""")
                .setParameter(1, url)
                .setParameter(2, SqlTimes.utc(at))
                .setParameter(3, alerts)
                .setParameter(4, failures)
                .setParameter(5, error)
                .setParameter(6, SqlTimes.utc(nextTryAt))
                .setParameter(7, error == null)
                .executeUpdate();
    }

    /** The endpoints among {@code configured} posted to, in URL order. */
    @Transactional
    public List<AlertmanagerTargetView> all(List<String> configured) {
        return ((List<?>) em.createNativeQuery("SELECT url, last_try_at, last_ok_at, alerts, failures, last_error,"
                        + " next_try_at FROM alertmanager_targets WHERE url = ANY(CAST(?1 AS text[])) ORDER BY url")
                .setParameter(1, configured.toArray(String[]::new)).getResultList()).stream()
                .map(Object[].class::cast)
                .map(r -> new AlertmanagerTargetView((String) r[0], SqlTimes.instant(r[1]), SqlTimes.instant(r[2]),
                        ((Number) r[3]).intValue(), ((Number) r[4]).intValue(), (String) r[5],
                        SqlTimes.instant(r[6])))
                .toList();
    }
}
