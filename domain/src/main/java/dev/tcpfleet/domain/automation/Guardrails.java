package dev.tcpfleet.domain.automation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bounds on automated actions, so an alert storm cannot retune the fleet: no second action on a host within its
 * cooldown, and no more than {@code maxHostsPerHour} hosts changed by automation in any hour, fleet-wide.
 *
 * @param cooldown        how long after an automated action on a host no other one may touch it
 * @param maxHostsPerHour hosts automation may change in the last hour, all rules together
 */
public record Guardrails(Duration cooldown, int maxHostsPerHour) {

    public Guardrails {
        if (cooldown.isNegative() || maxHostsPerHour < 0) {
            throw new IllegalArgumentException("cooldown and maxHostsPerHour cannot be negative");
        }
    }

    /**
     * Why an action on {@code hosts} may not go ahead now, if it may not.
     *
     * @param lastActionAt       per host, when automation last acted on it (hosts it never touched are absent)
     * @param hostsChangedInHour hosts automation changed in the hour before {@code now}
     * @param changesHosts       whether the action changes settings (an apply) or only observes (a campaign), which
     *                           the hourly budget does not count
     */
    public Optional<String> refusal(List<String> hosts, Instant now, Map<String, Instant> lastActionAt,
            int hostsChangedInHour, boolean changesHosts) {
        if (hosts.isEmpty()) {
            return Optional.of("no hosts to act on");
        }
        for (String host : hosts) {
            Instant last = lastActionAt.get(host);
            if (last != null && now.isBefore(last.plus(cooldown))) {
                return Optional.of("host " + host + " is in its cooldown: automation acted on it at " + last
                        + ", and the cooldown of " + cooldown.toSeconds() + " s lasts until " + last.plus(cooldown));
            }
        }
        if (changesHosts && hostsChangedInHour + hosts.size() > maxHostsPerHour) {
            return Optional.of("the hourly budget is spent: automation changed " + hostsChangedInHour
                    + " hosts in the last hour, this would change " + hosts.size() + " more, and at most "
                    + maxHostsPerHour + " may change per hour (tcpfleet.automation.max-hosts-per-hour)");
        }
        return Optional.empty();
    }
}
