package dev.tcpfleet.domain.ingest;

import dev.tcpfleet.domain.metrics.SnapshotMetric;
import dev.tcpfleet.protocol.HostIdentity;
import dev.tcpfleet.protocol.HostSnapshot;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What one batch of consumed snapshots adds up to, computed before anything is written: each host seen once, each
 * (host, bucket) rollup summed once. Batching the writes this way turns a statement per snapshot into a statement
 * per batch; rows come out in key order so that concurrent batches lock them in the same order.
 */
public final class SnapshotBatch {
    /** The rollup buckets: per minute and per hour. */
    public static final List<String> BUCKETS = List.of("1m", "1h");

    private SnapshotBatch() {
    }

    /** A host as a batch saw it: the identity its newest snapshot carried, and its oldest and newest times. */
    public record Sighting(HostIdentity identity, Instant firstSeen, Instant lastSeen) {
    }

    /** One metric's figures in a bucket: samples, sum, and min/max (null when no snapshot carried it). */
    public record Figure(int samples, double sum, Double min, Double max) {
        static final Figure NONE = new Figure(0, 0, null, null);

        Figure plus(OptionalDouble value) {
            if (value.isEmpty()) {
                return this;
            }
            double v = value.getAsDouble();
            return new Figure(samples + 1, sum + v, min == null ? v : Math.min(min, v), max == null ? v : Math.max(max, v));
        }
    }

    /** A host's figures in one bucket, one per {@link SnapshotMetric} in declaration order. */
    public record Rollup(String hostId, String bucket, Instant bucketStart, List<Figure> figures) {
    }

    /**
     * The first of each (host, collectedAt) in {@code snapshots}, in order: a redelivery within one batch is no
     * more new data than one across batches.
     */
    public static <T> List<T> distinct(List<T> received, Function<T, HostSnapshot> snapshot) {
        Map<String, T> first = new LinkedHashMap<>();
        for (T r : received) {
            HostSnapshot s = snapshot.apply(r);
            first.putIfAbsent(s.host().hostId() + '\u0000' + s.collectedAt(), r);
        }
        return List.copyOf(first.values());
    }

    /**
     * {@code received} split into at most {@code parts} lists by host, each in the order received: a host's snapshots
     * all land in one, so lists stored side by side never touch the same host's rows, and each host's are judged in
     * order. Empty lists are left out.
     */
    public static <T> List<List<T>> byHost(List<T> received, int parts, Function<T, String> hostId) {
        List<List<T>> split = new ArrayList<>(parts);
        for (int i = 0; i < parts; i++) {
            split.add(new ArrayList<>());
        }
        for (T r : received) {
            split.get(Math.floorMod(hostId.apply(r).hashCode(), parts)).add(r);
        }
        return split.stream().filter(part -> !part.isEmpty()).toList();
    }

    /** Each host once, by host id; a late (older) snapshot widens firstSeen but never moves lastSeen back. */
    public static List<Sighting> sightings(Collection<HostSnapshot> snapshots) {
        Map<String, Sighting> hosts = new TreeMap<>();
        for (HostSnapshot s : snapshots) {
            Instant at = s.collectedAt();
            hosts.merge(s.host().hostId(), new Sighting(s.host(), at, at), (held, fresh) -> new Sighting(
                    fresh.lastSeen().isAfter(held.lastSeen()) ? fresh.identity() : held.identity(),
                    earlier(held.firstSeen(), at), fresh.lastSeen().isAfter(held.lastSeen()) ? at : held.lastSeen()));
        }
        return List.copyOf(hosts.values());
    }

    /** The snapshots' figures summed per host, bucket and bucket start, ordered by that key. */
    public static List<Rollup> rollups(Collection<HostSnapshot> snapshots) {
        SnapshotMetric[] metrics = SnapshotMetric.values();
        Map<Rollup, Figure[]> sums = new TreeMap<>(Comparator.comparing(Rollup::hostId)
                .thenComparing(Rollup::bucket).thenComparing(Rollup::bucketStart));
        for (HostSnapshot snapshot : snapshots) {
            for (String bucket : BUCKETS) {
                Rollup key = new Rollup(snapshot.host().hostId(), bucket, bucketStart(snapshot.collectedAt(), bucket),
                        List.of());
                Figure[] figures = sums.computeIfAbsent(key, k -> {
                    Figure[] none = new Figure[metrics.length];
                    Arrays.fill(none, Figure.NONE);
                    return none;
                });
                for (int i = 0; i < metrics.length; i++) {
                    figures[i] = figures[i].plus(metrics[i].of(snapshot));
                }
            }
        }
        List<Rollup> rollups = new ArrayList<>(sums.size());
        sums.forEach((key, figures) -> rollups.add(
                new Rollup(key.hostId(), key.bucket(), key.bucketStart(), List.of(figures))));
        return rollups;
    }

    static Instant bucketStart(Instant at, String bucket) {
        return at.truncatedTo(bucket.equals("1m") ? ChronoUnit.MINUTES : ChronoUnit.HOURS);
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
