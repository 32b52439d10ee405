package dev.tcpfleet.controlplane.history;

import dev.tcpfleet.controlplane.errors.Refused;
import dev.tcpfleet.controlplane.api.QueryParams;
import dev.tcpfleet.domain.metrics.SnapshotMetric;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The query parameters every trend takes, checked the same way: a metric, a window, a bucket. Public for the window,
 * which change events take too, so they line up with the trend they are drawn on.
 */
public final class TrendParams {
    private static final Duration MAX_RANGE = Duration.ofDays(400);

    private TrendParams() {
    }

    /** {@code [from, to)}, by default the last hour. */
    public record Window(Instant from, Instant to) {
        public Duration length() {
            return Duration.between(from, to);
        }
    }

    public static SnapshotMetric metric(String name) {
        return SnapshotMetric.byApiName(name).orElseThrow(() -> Refused.invalid("metric",
                "unknown metric '" + name + "'; known: " + Arrays.stream(SnapshotMetric.values())
                        .map(SnapshotMetric::apiName).collect(Collectors.joining(", "))));
    }

    public static Window window(String fromParam, String toParam) {
        return window(fromParam, toParam, Instant.now());
    }

    /**
     * As {@link #window(String, String)}, ending by default at the start of the current minute, so that its last
     * minute is complete: a fleet figure of a minute some hosts have not yet reported in reads low.
     */
    public static Window completeWindow(String fromParam, String toParam) {
        return window(fromParam, toParam, Instant.now().truncatedTo(ChronoUnit.MINUTES));
    }

    /** Whether every bucket a window's points fall in has ended by {@code now}'s minute. */
    public static boolean complete(Window window, TrendBucket bucket, Instant now) {
        Instant lastEnd = bucket.startOf(window.to().minusNanos(1)).plus(bucket.size());
        return !lastEnd.isAfter(now.truncatedTo(ChronoUnit.MINUTES));
    }

    private static Window window(String fromParam, String toParam, Instant defaultTo) {
        Instant to = QueryParams.instant("to", toParam, defaultTo);
        Instant from = QueryParams.instant("from", fromParam, to.minus(Duration.ofHours(1)));
        if (!from.isBefore(to)) {
            throw Refused.invalid("from", "from (" + from + ") must be before to (" + to + ")");
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw Refused.invalid("from", "a trend covers at most " + MAX_RANGE.toDays() + " days");
        }
        return new Window(from, to);
    }

    /** The bucket asked for, or the one the window calls for; refused when it would be too many points. */
    public static TrendBucket bucket(String bucketParam, Window window) {
        TrendBucket bucket = bucketParam == null ? TrendBucket.forRange(window.length())
                : TrendBucket.byApiName(bucketParam).orElseThrow(() -> Refused.invalid("bucket",
                        "bucket is raw, 1m, 1h or 1d; leave it out to choose from the range"));
        long points = bucket.points(window.length());
        if (points > TrendBucket.MAX_POINTS) {
            throw Refused.invalid("bucket", bucket.apiName() + " buckets over " + window.length().toHours()
                    + " hours are " + points + " points, more than " + TrendBucket.MAX_POINTS
                    + ": choose a larger bucket or a shorter range");
        }
        return bucket;
    }
}
