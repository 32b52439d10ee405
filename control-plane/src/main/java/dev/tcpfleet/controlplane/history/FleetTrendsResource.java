package dev.tcpfleet.controlplane.history;

import dev.tcpfleet.controlplane.errors.Refused;
import dev.tcpfleet.controlplane.api.QueryParams;
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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** A metric across the fleet (or the hosts a label selector picks), from the rollups. */
@Path("/api/trends/{metric}")
@Produces(MediaType.APPLICATION_JSON)
public class FleetTrendsResource {
    private static final Pattern LABEL_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,127}");

    private final HostRegistry hosts;
    private final FleetTrends trends;

    FleetTrendsResource(HostRegistry hosts, FleetTrends trends) {
        this.hosts = hosts;
        this.trends = trends;
    }

    /**
     * Per bucket (1m or 1h, chosen from the range when left out), the {@code agg} (sum, avg, max, p95) of each
     * host's bucket average, per value of label {@code groupBy} if given. Without {@code to}, up to the start of the
     * current minute, so every host has reported in each minute read (the dashboard's summary cards); a last hourly
     * bucket still filling is kept, an average of the minutes so far, and {@code complete} says so.
     */
    @Operation(summary = "A metric across the fleet or a label selection, aggregated per bucket (sum, avg, max, p95);"
            + " without 'to', up to the last complete minute")
    @GET
    @Allowed(Role.VIEWER)
    public FleetTrendView aggregate(@PathParam("metric") String metricName, @QueryParam("labels") String labels,
            @QueryParam("groupBy") String groupBy, @QueryParam("agg") String aggParam,
            @QueryParam("from") String fromParam, @QueryParam("to") String toParam,
            @QueryParam("bucket") String bucketParam) {
        SnapshotMetric metric = TrendParams.metric(metricName);
        FleetTrends.Aggregate aggregate = aggregate(aggParam);
        if (groupBy != null && !LABEL_KEY.matcher(groupBy).matches()) {
            throw Refused.invalid("groupBy", "groupBy is a label key: letters, digits and . _ / -");
        }
        TrendParams.Window window = TrendParams.completeWindow(fromParam, toParam);
        TrendBucket bucket = rollupBucket(bucketParam, window);
        List<FleetTrends.GroupPoint> points = trends.aggregate(labels, metric, aggregate, groupBy, bucket.apiName(),
                window.from(), window.to());
        boolean complete = TrendParams.complete(window, bucket, Instant.now());
        return new FleetTrendView(metric.apiName(), aggregate.apiName(), groupBy, bucket.apiName(), window.from(),
                window.to(), complete, points);
    }

    /** The hosts where the metric was highest in the window, at most {@code n} (10 by default). */
    @Operation(summary = "The hosts where a metric was highest in a window")
    @GET
    @Path("/top")
    @Allowed(Role.VIEWER)
    public List<FleetTrends.HostFigure> top(@PathParam("metric") String metricName,
            @QueryParam("labels") String labels, @QueryParam("n") String n, @QueryParam("from") String fromParam,
            @QueryParam("to") String toParam) {
        SnapshotMetric metric = TrendParams.metric(metricName);
        int limit = QueryParams.intInRange("n", n, 10, 1, 100);
        TrendParams.Window window = TrendParams.window(fromParam, toParam);
        // minute rows are kept only as long as raw snapshots; beyond two days the hourly ones answer as well
        String bucket = window.length().compareTo(Duration.ofDays(2)) <= 0 ? "1m" : "1h";
        return trends.top(hosts.historical(labels), metric, bucket, window.from(), window.to(), limit);
    }

    private static FleetTrends.Aggregate aggregate(String aggParam) {
        if (aggParam == null) {
            return FleetTrends.Aggregate.AVG;
        }
        return Arrays.stream(FleetTrends.Aggregate.values()).filter(a -> a.apiName().equals(aggParam)).findFirst()
                .orElseThrow(() -> Refused.invalid("agg", "agg is one of " + Arrays.stream(
                        FleetTrends.Aggregate.values()).map(a -> a.name().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(", "))));
    }

    /**
     * Fleet trends read rollups only: raw snapshots of many hosts would be the scan the rollups avoid. Left to
     * choose, minutes up to 6 hours and hours beyond: a percentile per minute over a day of 1,000 hosts sorts
     * 1.4 million figures (docs/benchmarks.md).
     */
    private static TrendBucket rollupBucket(String bucketParam, TrendParams.Window window) {
        if ("raw".equals(bucketParam) || "1d".equals(bucketParam)) {
            throw Refused.invalid("bucket", "fleet trends are per 1m or 1h");
        }
        TrendBucket bucket = bucketParam != null ? TrendParams.bucket(bucketParam, window)
                : window.length().compareTo(Duration.ofHours(6)) <= 0 ? TrendBucket.MINUTE : TrendBucket.HOUR;
        if (bucket.points(window.length()) > TrendBucket.MAX_POINTS) {
            throw Refused.invalid("from", "hourly points over " + window.length().toDays() + " days are more"
                    + " than " + TrendBucket.MAX_POINTS + ": choose a shorter range");
        }
        return bucket;
    }
}
