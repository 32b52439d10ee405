package dev.tcpfleet.controlplane.hosts;

import java.util.List;

/**
 * A page of the host table as {@link HostRegistry#page} reads it.
 *
 * @param total how many hosts the query picks, on every page
 * @param stale how many of those are stale
 */
public record HostPage(long total, long stale, List<Row> hosts) {

    /** @param figure the figure sorted by, from the host's latest snapshot; null when sorted by another column */
    public record Row(Host host, Double figure) {
    }
}
