package dev.tcpfleet.controlplane.hosts;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One page of the host table: the hosts matching the query in its order, from {@code offset}.
 *
 * @param total  how many hosts match, across all pages
 * @param stale  how many of those have not reported for {@code tcpfleet.hosts.stale-after}
 * @param sort   what the hosts are ordered by: id, hostname, last_seen or a figure's name
 * @param order  asc or desc
 */
public record HostPageView(long total, long stale, int offset, int limit, String sort, String order,
        List<Row> hosts) {

    /**
     * A host as {@link HostView} shows it, with the figure sorted by.
     *
     * @param figure the sort figure of the host's latest snapshot; null when sorted by a column, or the snapshot
     *               lacked it (such hosts come last)
     */
    public record Row(String id, String hostname, Map<String, String> labels, String agentVersion,
            Instant firstSeen, Instant lastSeen, boolean stale, String enrolment, Double figure) {
    }

    static HostPageView of(HostQuery query, HostPage page, Predicate<Host> isStale) {
        return new HostPageView(page.total(), page.stale(), query.offset(), query.limit(), query.sort().apiName(),
                query.descending() ? "desc" : "asc", page.hosts().stream().map(row -> {
                    Host host = row.host();
                    return new Row(host.id(), host.hostname(), host.labels(), host.agentVersion(), host.firstSeen(),
                            host.lastSeen(), isStale.test(host), host.enrolment(), row.figure());
                }).toList());
    }
}
