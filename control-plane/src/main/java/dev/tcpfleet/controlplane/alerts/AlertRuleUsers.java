package dev.tcpfleet.controlplane.alerts;

/** What depends on alert rules (automation rules answer them); the automation feature provides it. */
public interface AlertRuleUsers {
    /**
     * Clears the way for deleting alert rule {@code name}, in the deleting transaction: refuses ({@code in_use})
     * naming what uses it, unless {@code force}, when those users are stopped instead.
     */
    void releaseAlertRule(String name, boolean force);
}
