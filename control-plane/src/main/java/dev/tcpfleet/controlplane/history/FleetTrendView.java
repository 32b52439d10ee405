package dev.tcpfleet.controlplane.history;

import java.time.Instant;
import java.util.List;

/** A metric across hosts: per bucket and group, the aggregate of the hosts' bucket averages. */
public record FleetTrendView(String metric, String agg, String groupBy, String bucket, Instant from, Instant to,
        List<FleetTrends.GroupPoint> points) {
}
