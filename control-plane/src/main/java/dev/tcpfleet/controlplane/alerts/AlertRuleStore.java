package dev.tcpfleet.controlplane.alerts;

import dev.tcpfleet.controlplane.hosts.HostSelector;
import dev.tcpfleet.domain.alerts.AlertRule;
import dev.tcpfleet.domain.alerts.FleetAggregate;
import dev.tcpfleet.domain.metrics.AlertMetric;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Alert rules in PostgreSQL; the defaults are seeded by the migration that made the table. */
@ApplicationScoped
public class AlertRuleStore {
    /**
     * A rule, the label selector limiting it to some hosts (null: every host): those a host rule judges, or
     * those a fleet rule aggregates, and the link to its runbook (null: none).
     */
    public record StoredRule(AlertRule rule, String labels, HostSelector selector, String runbook) {
        public StoredRule(AlertRule rule, String labels, String runbook) {
            // parsed once: a fleet rule asks it of every host on every snapshot
            this(rule, labels, labels == null ? null : HostSelector.of(null, labels, null, true), runbook);
        }

        /** Whether a host with {@code hostLabels} is among the hosts the rule covers. */
        public boolean selects(Map<String, String> hostLabels) {
            return selector == null || selector.matchesLabels(hostLabels);
        }
    }

    /**
     * How long {@link #current()} may answer from memory: rules are judged on every snapshot, and reading them
     * from the database each time would be a query per snapshot for a table that hardly changes. An edit applies
     * within this time (through this instance at once: its own writes drop the cache when they commit).
     */
    private static final Duration CACHE_FOR = Duration.ofSeconds(10);

    private record Cached(List<StoredRule> rules, long loadedAtNanos) {
    }

    private final EntityManager em;
    private final TransactionSynchronizationRegistry transactions;
    private final AlertRuleUsers users;
    private volatile Cached cached;

    AlertRuleStore(EntityManager em, TransactionSynchronizationRegistry transactions, AlertRuleUsers users) {
        this.em = em;
        this.transactions = transactions;
        this.users = users;
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
        return ((List<?>) em.createNativeQuery("SELECT name, scope, metric, aggregate, comparison, threshold,"
                        + " clear_threshold, for_seconds, severity, labels, runbook FROM alert_rules ORDER BY name")
                .getResultList()).stream().map(Object[].class::cast).map(r -> new StoredRule(new AlertRule(
                        (String) r[0], AlertRule.Scope.valueOf((String) r[1]),
                        AlertMetric.byApiName((String) r[2]).orElseThrow(),
                        r[3] == null ? null : FleetAggregate.valueOf((String) r[3]),
                        AlertRule.Comparison.valueOf((String) r[4]), ((Number) r[5]).doubleValue(),
                        ((Number) r[6]).doubleValue(), Duration.ofSeconds(((Number) r[7]).longValue()),
                        AlertRule.Severity.valueOf((String) r[8])), (String) r[9], (String) r[10]))
                .toList();
    }

    public Optional<StoredRule> find(String name) {
        return all().stream().filter(stored -> stored.rule().name().equals(name)).findFirst();
    }

    /**
     * Creates or replaces the rule; returns whether it is new. A rule moved to another scope drops its alerts:
     * they were about other subjects (hosts, the fleet, campaigns) than it now judges.
     */
    @Transactional
    public boolean put(StoredRule stored) {
        AlertRule rule = stored.rule();
        Optional<StoredRule> existing = find(rule.name());
        if (existing.isPresent() && existing.get().rule().scope() != rule.scope()) {
            deleteAlerts(rule.name());
        }
        em.createNativeQuery("""
                INSERT INTO alert_rules (name, scope, metric, aggregate, comparison, threshold, clear_threshold,
                                         for_seconds, severity, labels, runbook)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                ON CONFLICT (name) DO UPDATE SET scope = EXCLUDED.scope, metric = EXCLUDED.metric,
                    aggregate = EXCLUDED.aggregate, comparison = EXCLUDED.comparison,
                    threshold = EXCLUDED.threshold, clear_threshold = EXCLUDED.clear_threshold,
                    for_seconds = EXCLUDED.for_seconds, severity = EXCLUDED.severity, labels = EXCLUDED.labels,
                    runbook = EXCLUDED.runbook, updated_at = now()""")
                .setParameter(1, rule.name())
                .setParameter(2, rule.scope().name())
                .setParameter(3, rule.metric().apiName())
                .setParameter(4, rule.aggregate() == null ? null : rule.aggregate().name())
                .setParameter(5, rule.comparison().name())
                .setParameter(6, rule.threshold())
                .setParameter(7, rule.clearThreshold())
                .setParameter(8, (int) rule.forDuration().toSeconds())
                .setParameter(9, rule.severity().name())
                .setParameter(10, stored.labels())
                .setParameter(11, stored.runbook())
                .executeUpdate();
        dropCacheAfterCommit();
        return existing.isEmpty();
    }

    /**
     * Deletes the rule and its alerts' states; returns whether there was one. What uses the rule (automation rules)
     * refuses the delete ({@code in_use}) unless {@code force}, when it is stopped in the same transaction.
     */
    @Transactional
    public boolean delete(String name, boolean force) {
        if (find(name).isEmpty()) {
            return false;
        }
        users.releaseAlertRule(name, force);
        deleteAlerts(name);
        dropCacheAfterCommit();
        return em.createNativeQuery("DELETE FROM alert_rules WHERE name = ?1").setParameter(1, name)
                .executeUpdate() == 1;
    }

    /**
     * Drops the cache once the edit is visible: dropped before the commit, a reload on another thread in between
     * would cache the old rules again for {@link #CACHE_FOR}.
     */
    private void dropCacheAfterCommit() {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                cached = null;
            }
        });
    }

    private void deleteAlerts(String rule) {
        em.createNativeQuery("DELETE FROM alerts WHERE rule = ?1").setParameter(1, rule).executeUpdate();
    }
}
