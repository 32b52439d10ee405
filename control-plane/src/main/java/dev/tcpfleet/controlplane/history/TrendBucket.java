package dev.tcpfleet.controlplane.history;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/** The resolution of a trend: raw snapshots, or rollups per minute, hour or day. */
public enum TrendBucket {
    RAW("raw", Duration.ZERO),
    MINUTE("1m", Duration.ofMinutes(1)),
    HOUR("1h", Duration.ofHours(1)),
    DAY("1d", Duration.ofDays(1));

    /** The most points one trend answers with; a finer bucket over a longer range is refused. */
    public static final int MAX_POINTS = 5_000;

    private final String apiName;
    private final Duration size;

    TrendBucket(String apiName, Duration size) {
        this.apiName = apiName;
        this.size = size;
    }

    public String apiName() {
        return apiName;
    }

    /** How long a bucket is; zero for raw. */
    public Duration size() {
        return size;
    }

    public static Optional<TrendBucket> byApiName(String name) {
        return Arrays.stream(values()).filter(bucket -> bucket.apiName.equals(name)).findFirst();
    }

    /** The finest bucket that keeps {@code range} to a readable number of points. */
    public static TrendBucket forRange(Duration range) {
        if (range.compareTo(Duration.ofHours(1)) <= 0) {
            return RAW;
        }
        if (range.compareTo(Duration.ofDays(1)) <= 0) {
            return MINUTE;
        }
        return range.compareTo(Duration.ofDays(60)) <= 0 ? HOUR : DAY;
    }

    /** The start of the bucket {@code at} falls in (buckets are aligned on UTC); {@code at} itself for raw. */
    public Instant startOf(Instant at) {
        return size.isZero() ? at : Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), size.toSeconds())
                * size.toSeconds());
    }

    /** How many buckets {@code range} spans, or 0 for raw (bounded by the row limit instead). */
    public long points(Duration range) {
        return size.isZero() ? 0 : (range.toSeconds() + size.toSeconds() - 1) / size.toSeconds();
    }
}
