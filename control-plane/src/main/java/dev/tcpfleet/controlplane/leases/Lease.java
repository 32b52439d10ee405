package dev.tcpfleet.controlplane.leases;

/**
 * The work that one control plane at a time does, each under its own lease so that different instances may hold
 * different ones. Everything else (the API, consuming snapshots and results in one consumer group) runs on every
 * instance.
 */
public enum Lease {
    /** Stepping rollouts: two drivers could judge one gate twice. */
    ROLLOUTS("rollouts"),
    /** Deciding on firing alerts, starting and judging actions: one decision per alert. */
    AUTOMATION("automation"),
    /** Sending again the commands the broker did not take: once, not once per instance. */
    COMMAND_RESEND("command-resend"),
    /** Delivering alert changes to the topic and the webhook: once each. */
    ALERT_DELIVERY("alert-delivery"),
    /** Judging fleet rules: one aggregate of the whole fleet, one judgement per change. */
    FLEET_RULES("fleet-rules"),
    /** Looking for silent hosts. */
    STALE_HOSTS("stale-hosts"),
    /** Measuring applies' effects. */
    APPLY_EFFECTS("apply-effects"),
    /** Making and dropping snapshot partitions, pruning the audit trail. */
    HOUSEKEEPING("housekeeping");

    private final String key;

    Lease(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
