package dev.tcpfleet.controlplane.changes;

import dev.tcpfleet.controlplane.history.TrendBucket;
import dev.tcpfleet.controlplane.history.TrendParams;
import dev.tcpfleet.controlplane.history.SnapshotRollups;
import dev.tcpfleet.controlplane.history.SnapshotStore;
import dev.tcpfleet.controlplane.errors.Refused;
import dev.tcpfleet.controlplane.ControlPlaneConfig;
import dev.tcpfleet.controlplane.auth.Allowed;
import dev.tcpfleet.controlplane.auth.Role;
import dev.tcpfleet.controlplane.hosts.HostRegistry;
import dev.tcpfleet.domain.metrics.SnapshotMetric;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * One host's figures over time with the changes made to it drawn on the same axis. It lives with changes because
 * it overlays them on history's figures; history itself knows nothing of changes.
 */
@Path("/api/hosts/{id}/trends/{metric}")
@Produces(MediaType.APPLICATION_JSON)
public class HostTrendsResource {
    private final HostRegistry hosts;
    private final SnapshotStore snapshots;
    private final SnapshotRollups rollups;
    private final ChangeStore changes;
    private final ControlPlaneConfig.SnapshotQuery limits;
    private final int eventLimit;

    HostTrendsResource(HostRegistry hosts, SnapshotStore snapshots, SnapshotRollups rollups, ChangeStore changes,
            ControlPlaneConfig config) {
        this.hosts = hosts;
        this.snapshots = snapshots;
        this.rollups = rollups;
        this.changes = changes;
        this.limits = config.snapshotQuery();
        this.eventLimit = config.changes().maxLimit();
    }

    /**
     * The metric in {@code [from, to)} (default: the last hour) per {@code bucket}: raw, 1m, 1h, 1d, or chosen from
     * the range when left out; with the host's change events of the range.
     */
    @Operation(summary = "One host's metric over a time range, per bucket, with the host's change events")
    @GET
    @Allowed(Role.VIEWER)
    public TrendView trend(@PathParam("id") String id, @PathParam("metric") String metricName,
            @QueryParam("from") String fromParam, @QueryParam("to") String toParam,
            @QueryParam("bucket") String bucketParam) {
        SnapshotMetric metric = TrendParams.metric(metricName);
        TrendParams.Window window = TrendParams.window(fromParam, toParam);
        Instant from = window.from();
        Instant to = window.to();
        Duration range = window.length();
        TrendBucket bucket = TrendParams.bucket(bucketParam, window);
        if (bucket == TrendBucket.RAW && range.compareTo(limits.maxRange()) > 0) {
            throw Refused.invalid("bucket", "raw snapshots are read over at most "
                    + limits.maxRange().toDays() + " days: choose 1m, 1h or 1d");
        }
        if (hosts.find(id).isEmpty()) {
            throw Refused.notFound("host", id);
        }
        List<SnapshotRollups.Point> points = bucket == TrendBucket.RAW ? raw(id, metric, from, to)
                : rollups.read(id, metric, bucket.apiName(), from, to);
        return new TrendView(id, metric.apiName(), metric.description(), bucket.apiName(), from, to, points,
                changes.events(List.of(id), from, to, eventLimit));
    }

    /** Each snapshot as a point of its own, up to the raw row limit. */
    private List<SnapshotRollups.Point> raw(String id, SnapshotMetric metric, Instant from, Instant to) {
        return snapshots.snapshots(id, from, to, limits.maxLimit()).stream().map(snapshot -> {
            OptionalDouble value = metric.of(snapshot);
            Double figure = value.isPresent() ? value.getAsDouble() : null;
            return new SnapshotRollups.Point(snapshot.collectedAt(), value.isPresent() ? 1 : 0, figure, figure, figure);
        }).toList();
    }
}
