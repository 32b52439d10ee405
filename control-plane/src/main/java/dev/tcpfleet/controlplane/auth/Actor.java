package dev.tcpfleet.controlplane.auth;

/**
 * Who or what made a change, as change events, rollouts and campaigns name it: an operator's token, an automation
 * rule, the closed loop judging an automated apply, or a rollout's own gate rolling it back.
 *
 * @param name     {@code user:<token name>}, {@code automation:<rule>}, {@code closed-loop:<rule>} or
 *                 {@code rollout-gate}
 * @param actionId the automation action it acts for; null for an operator and the gate
 */
public record Actor(String name, String actionId) {
    /** A rollout's health gate, rolling back the rollout whose wave failed it (with auto-rollback on). */
    public static final Actor ROLLOUT_GATE = new Actor("rollout-gate", null);

    public static Actor user(String tokenName) {
        return new Actor("user:" + tokenName, null);
    }

    public static Actor automation(String rule, String actionId) {
        return new Actor("automation:" + rule, actionId);
    }

    public static Actor closedLoop(String rule, String actionId) {
        return new Actor("closed-loop:" + rule, actionId);
    }
}
