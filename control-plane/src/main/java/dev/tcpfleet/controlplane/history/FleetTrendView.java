package dev.tcpfleet.controlplane.history;

import java.time.Instant;
import java.util.List;

/**
 * A metric across hosts: per bucket and group, the aggregate of the hosts' bucket averages. {@code complete} says
 * whether every minute in it had ended when answered (so the last point is a settled figure, not one some hosts have
 * yet to add to); without {@code to}, a trend ends at the start of the current minute and is complete.
 */
public record FleetTrendView(String metric, String agg, String groupBy, String bucket, Instant from, Instant to,
        boolean complete, List<FleetTrends.GroupPoint> points) {
}
