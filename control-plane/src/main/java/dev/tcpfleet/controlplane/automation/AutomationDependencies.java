package dev.tcpfleet.controlplane.automation;

import dev.tcpfleet.controlplane.alerts.AlertRuleUsers;
import dev.tcpfleet.controlplane.audit.AuditLog;
import dev.tcpfleet.controlplane.errors.Refused;
import dev.tcpfleet.controlplane.profiles.ProfileUsers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Keeps automation rules from outliving what they use: an alert rule or profile an automation rule depends on is
 * deleted only with force, and then the rules depending on it are stopped, saying why, rather than left to act on
 * an alert that cannot fire or apply a profile nobody can see.
 */
@ApplicationScoped
public class AutomationDependencies implements AlertRuleUsers, ProfileUsers {
    /** The error word of a refused delete. */
    public static final String IN_USE = "in_use";

    private final AutomationRuleStore rules;
    private final AuditLog audit;

    AutomationDependencies(AutomationRuleStore rules, AuditLog audit) {
        this.rules = rules;
        this.audit = audit;
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void releaseAlertRule(String name, boolean force) {
        release(rules.usingAlertRule(name), "alert rule '" + name + "'", force);
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void releaseProfile(String name, boolean force) {
        release(rules.usingProfile(name), "profile '" + name + "'", force);
    }

    private void release(List<String> users, String what, boolean force) {
        if (users.isEmpty()) {
            return;
        }
        if (!force) {
            throw Refused.conflict(IN_USE, null, (users.size() == 1 ? "automation rule " : "automation rules ")
                    + users.stream().map(u -> "'" + u + "'").collect(Collectors.joining(", ")) + (users.size() == 1
                            ? " uses " : " use ") + what + ": change or delete "
                    + (users.size() == 1 ? "it" : "them") + " first (GET /api/automation/rules), or delete with"
                    + " ?force=true to stop " + (users.size() == 1 ? "it" : "them"));
        }
        String reason = "stopped: " + what + " was deleted with force";
        for (String user : users) {
            rules.stop(user, reason);
            audit.record("automation:" + user, "automation.stop", "automation-rule:" + user,
                    Map.of("rule", user, "dependency", what), reason);
        }
    }
}
