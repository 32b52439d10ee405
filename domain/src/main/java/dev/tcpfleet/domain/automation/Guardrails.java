package dev.tcpfleet.domain.automation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bounds on automated actions, so an alert storm cannot retune the fleet: no second action on a host while the
 * action before it is open or within its cooldown, and no more than {@code maxHostsPerHour} hosts changed by automation in any hour,
 * fleet-wide.
 *
 * @param cooldown        the deciding rule's cooldown: for this long after an action is decided, no other automated
 *                        action may touch its hosts. It is fixed on the action when decided ({@link #cooldownUntil}),
 *                        so a rule edited later does not lengthen or shorten the cooldowns of actions already taken
 * @param maxHostsPerHour hosts automation may change in the last hour, all rules together
 */
public record Guardrails(Duration cooldown, int maxHostsPerHour) {

    public Guardrails {
        if (cooldown.isNegative() || maxHostsPerHour < 0) {
            throw new IllegalArgumentException("cooldown and maxHostsPerHour cannot be negative");
        }
    }

    /**
     * What holds a host against a new action: the latest end of the cooldowns fixed on the actions that touched it,
     * and an action on it still open (proposed, approved, ready, queued or started), which holds it however old, as
     * waiting and baking can outlast a cooldown.
     *
     * @param openAction that open action's id and state, as "id (state)"; null if there is none
     */
    public record Hold(Instant cooldownUntil, String openAction) {
    }

    /** Until when an action decided at {@code decidedAt} holds its hosts. */
    public Instant cooldownUntil(Instant decidedAt) {
        return decidedAt.plus(cooldown);
    }

    /**
     * Why an action on {@code hosts} may not be taken at all, if it may not: nothing to act on, a host with an open
     * action or still in the cooldown of an earlier action, or more hosts than the budget allows in any hour. Such an
     * action is skipped; one that fits the budget but not now is queued instead ({@link #budgetRefusal}).
     *
     * @param holds         per host, what the earlier actions that touched it hold it by (hosts never touched are
     *                      absent)
     * @param changesHosts  whether the action changes settings (an apply) or only observes (a campaign), which the
     *                      hourly budget does not count
     */
    public Optional<String> refusal(List<String> hosts, Instant now, Map<String, Hold> holds, boolean changesHosts) {
        if (hosts.isEmpty()) {
            return Optional.of("no hosts to act on");
        }
        for (String host : hosts) {
            Hold hold = holds.get(host);
            if (hold == null) {
                continue;
            }
            if (hold.openAction() != null) {
                return Optional.of("host " + host + " has an open automation action " + hold.openAction());
            }
            Instant until = hold.cooldownUntil();
            if (until != null && now.isBefore(until)) {
                return Optional.of("host " + host + " is in its cooldown until " + until
                        + ", set by an earlier automated action on it");
            }
        }
        if (changesHosts && hosts.size() > maxHostsPerHour) {
            return Optional.of("this would change " + hosts.size() + " hosts, and at most " + maxHostsPerHour
                    + " may change per hour (tcpfleet.automation.max-hosts-per-hour)");
        }
        return Optional.empty();
    }

    /**
     * Why an apply on {@code hosts} cannot start now for the hourly budget, if it cannot: it waits (queued) until
     * enough of the hour has passed.
     *
     * @param hostsChanged  the distinct hosts automation's rollouts changed (an apply answered APPLIED) in the hour
     *                      before now
     * @param hostsChanging the distinct hosts of automation's rollouts under way that have not answered APPLIED yet
     */
    public Optional<String> budgetRefusal(int hosts, int hostsChanged, int hostsChanging) {
        if (hostsChanged + hostsChanging + hosts <= maxHostsPerHour) {
            return Optional.empty();
        }
        return Optional.of("the hourly budget is spent: automation changed " + hostsChanged
                + (hostsChanged == 1 ? " host" : " hosts") + " in the last hour"
                + (hostsChanging == 0 ? "" : " and is changing " + hostsChanging + " more") + ", this would change "
                + hosts + " more, and at most " + maxHostsPerHour
                + " may change per hour (tcpfleet.automation.max-hosts-per-hour)");
    }
}
