package dev.tcpfleet.controlplane.automation;

import dev.tcpfleet.controlplane.sql.JsonColumns;
import dev.tcpfleet.controlplane.campaigns.CampaignRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** Automation rules in PostgreSQL. */
@ApplicationScoped
public class AutomationRuleStore {
    private static final String COLUMNS = "name, alert_rule, action, profile, profile_version, bake_seconds,"
            + " CAST(campaign AS text), mode, cooldown_seconds, enabled, stopped_reason";

    private final EntityManager em;

    AutomationRuleStore(EntityManager em) {
        this.em = em;
    }

    @Transactional
    public List<AutomationRule> all() {
        return rules(em.createNativeQuery("SELECT " + COLUMNS + " FROM automation_rules ORDER BY name")
                .getResultList());
    }

    @Transactional
    public Optional<AutomationRule> find(String name) {
        return rules(em.createNativeQuery("SELECT " + COLUMNS + " FROM automation_rules WHERE name = ?1")
                .setParameter(1, name).getResultList()).stream().findFirst();
    }

    /** The enabled rules that answer alerts of {@code alertRule}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<AutomationRule> enabledFor(String alertRule) {
        return rules(em.createNativeQuery("SELECT " + COLUMNS + " FROM automation_rules WHERE alert_rule = ?1"
                + " AND enabled ORDER BY name").setParameter(1, alertRule).getResultList());
    }

    /** Creates or replaces the rule; returns whether it is new. */
    @Transactional
    public boolean put(AutomationRule rule) {
        boolean existed = find(rule.name()).isPresent();
        em.createNativeQuery("""
                INSERT INTO automation_rules (name, alert_rule, action, profile, profile_version, bake_seconds,
                                              campaign, mode, cooldown_seconds, enabled)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, CAST(?7 AS jsonb), ?8, ?9, ?10)
                ON CONFLICT (name) DO UPDATE SET alert_rule = EXCLUDED.alert_rule, action = EXCLUDED.action,
                    profile = EXCLUDED.profile, profile_version = EXCLUDED.profile_version,
                    bake_seconds = EXCLUDED.bake_seconds, campaign = EXCLUDED.campaign, mode = EXCLUDED.mode,
                    cooldown_seconds = EXCLUDED.cooldown_seconds, enabled = EXCLUDED.enabled, stopped_reason = NULL,
                    updated_at = now()""")
                .setParameter(1, rule.name())
                .setParameter(2, rule.alertRule())
                .setParameter(3, rule.action().name())
                .setParameter(4, rule.profile())
                .setParameter(5, rule.profileVersion())
                .setParameter(6, rule.bakeSeconds())
                .setParameter(7, rule.campaign() == null ? null : JsonColumns.text(rule.campaign()))
                .setParameter(8, rule.mode().name())
                .setParameter(9, rule.cooldownSeconds())
                .setParameter(10, rule.enabled())
                .executeUpdate();
        return !existed;
    }

    /** The names of the rules that answer alerts of {@code alertRule}, enabled or not. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<String> usingAlertRule(String alertRule) {
        return em.createNativeQuery("SELECT name FROM automation_rules WHERE alert_rule = ?1 ORDER BY name",
                String.class).setParameter(1, alertRule).getResultList();
    }

    /** The names of the rules that apply profile {@code profile}, enabled or not. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<String> usingProfile(String profile) {
        return em.createNativeQuery("SELECT name FROM automation_rules WHERE profile = ?1 ORDER BY name",
                String.class).setParameter(1, profile).getResultList();
    }

    /** Disables the rule, saying why (an admin's own disabling included: the reason is the news). */
    @Transactional
    public void stop(String name, String reason) {
        em.createNativeQuery("UPDATE automation_rules SET enabled = false, stopped_reason = ?2, updated_at = now()"
                + " WHERE name = ?1").setParameter(1, name).setParameter(2, reason).executeUpdate();
    }

    /**
     * Stops the rule if it is still enabled and still pins {@code version}: one saved again since it was read (a new
     * version pinned) is left alone. Returns whether it was stopped.
     */
    @Transactional
    public boolean stopPinned(String name, int version, String reason) {
        return em.createNativeQuery("UPDATE automation_rules SET enabled = false, stopped_reason = ?2,"
                + " updated_at = now() WHERE name = ?1 AND enabled AND profile_version = ?3").setParameter(1, name)
                .setParameter(2, reason).setParameter(3, version).executeUpdate() == 1;
    }

    /** Deletes the rule; the actions it took stay on record. Returns whether there was one. */
    @Transactional
    public boolean delete(String name) {
        return em.createNativeQuery("DELETE FROM automation_rules WHERE name = ?1").setParameter(1, name)
                .executeUpdate() == 1;
    }

    private static List<AutomationRule> rules(List<?> rows) {
        return rows.stream().map(Object[].class::cast).map(r -> new AutomationRule((String) r[0], (String) r[1],
                AutomationRule.Action.valueOf((String) r[2]), (String) r[3],
                r[4] == null ? null : ((Number) r[4]).intValue(), r[5] == null ? null : ((Number) r[5]).intValue(),
                r[6] == null ? null : JsonColumns.read((String) r[6], CampaignRequest.class),
                AutomationRule.Mode.valueOf((String) r[7]), ((Number) r[8]).intValue(), (Boolean) r[9],
                (String) r[10])).toList();
    }
}
