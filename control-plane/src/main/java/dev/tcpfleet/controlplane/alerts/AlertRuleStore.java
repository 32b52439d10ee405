package dev.tcpfleet.controlplane.alerts;

import dev.tcpfleet.domain.alerts.AlertRule;
import dev.tcpfleet.domain.metrics.SnapshotMetric;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Alert rules in PostgreSQL; the defaults are seeded by the migration that made the table. */
@ApplicationScoped
public class AlertRuleStore {
    /** A rule and the label selector limiting it to some hosts (null: every host). */
    public record StoredRule(AlertRule rule, String labels) {
    }

    /**
     * How long {@link #current()} may answer from memory: rules are judged on every snapshot, and reading them
     * from the database each time would be a query per snapshot for a table that hardly changes. An edit applies
     * within this time (through this instance usually at once: its own writes drop the cache).
     */
    private static final Duration CACHE_FOR = Duration.ofSeconds(10);

    private record Cached(List<StoredRule> rules, long loadedAtNanos) {
    }

    private final EntityManager em;
    private volatile Cached cached;

    AlertRuleStore(EntityManager em) {
        this.em = em;
    }

    /** The rules, read from the database at most every {@link #CACHE_FOR}. */
    public List<StoredRule> current() {
        Cached now = cached;
        if (now == null || System.nanoTime() - now.loadedAtNanos() > CACHE_FOR.toNanos()) {
            now = new Cached(all(), System.nanoTime());
            cached = now;
        }
        return now.rules();
    }

    @Transactional
    public List<StoredRule> all() {
        return ((List<?>) em.createNativeQuery("SELECT name, metric, comparison, threshold, clear_threshold,"
                        + " for_seconds, severity, labels FROM alert_rules ORDER BY name").getResultList())
                .stream().map(Object[].class::cast).map(r -> new StoredRule(new AlertRule((String) r[0],
                        SnapshotMetric.byApiName((String) r[1]).orElseThrow(),
                        AlertRule.Comparison.valueOf((String) r[2]), ((Number) r[3]).doubleValue(),
                        ((Number) r[4]).doubleValue(), Duration.ofSeconds(((Number) r[5]).longValue()),
                        AlertRule.Severity.valueOf((String) r[6])), (String) r[7]))
                .toList();
    }

    public Optional<StoredRule> find(String name) {
        return all().stream().filter(stored -> stored.rule().name().equals(name)).findFirst();
    }

    /** Creates or replaces the rule; returns whether it is new. */
    @Transactional
    public boolean put(StoredRule stored) {
        AlertRule rule = stored.rule();
        boolean existed = find(rule.name()).isPresent();
        em.createNativeQuery("""
                INSERT INTO alert_rules (name, metric, comparison, threshold, clear_threshold, for_seconds, severity,
                                         labels)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                ON CONFLICT (name) DO UPDATE SET metric = EXCLUDED.metric, comparison = EXCLUDED.comparison,
                    threshold = EXCLUDED.threshold, clear_threshold = EXCLUDED.clear_threshold,
                    for_seconds = EXCLUDED.for_seconds, severity = EXCLUDED.severity, labels = EXCLUDED.labels,
                    updated_at = now()""")
                .setParameter(1, rule.name())
                .setParameter(2, rule.metric().apiName())
                .setParameter(3, rule.comparison().name())
                .setParameter(4, rule.threshold())
                .setParameter(5, rule.clearThreshold())
                .setParameter(6, (int) rule.forDuration().toSeconds())
                .setParameter(7, rule.severity().name())
                .setParameter(8, stored.labels())
                .executeUpdate();
        cached = null;
        return !existed;
    }

    /** Deletes the rule and its alerts' states; returns whether there was one. */
    @Transactional
    public boolean delete(String name) {
        em.createNativeQuery("DELETE FROM alerts WHERE rule = ?1").setParameter(1, name).executeUpdate();
        cached = null;
        return em.createNativeQuery("DELETE FROM alert_rules WHERE name = ?1").setParameter(1, name)
                .executeUpdate() == 1;
    }
}
