package dev.tcpfleet.controlplane.hosts;

import java.util.List;

/**
 * Which hosts, in a request: exactly one of {@code hosts}, {@code labels} or {@code all}.
 *
 * @param hosts        host ids
 * @param labels       a label selector, e.g. {@code env=prod,role=api} or {@code env=prod,role!=db}
 * @param all          true for every host
 * @param includeStale also the hosts that have not reported for {@code tcpfleet.hosts.stale-after}
 */
public record SelectorRequest(List<String> hosts, String labels, Boolean all, boolean includeStale) {

    public HostSelector selector() {
        return HostSelector.of(hosts, labels, all, includeStale);
    }
}
