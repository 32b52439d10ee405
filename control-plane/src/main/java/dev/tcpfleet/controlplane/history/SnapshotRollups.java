package dev.tcpfleet.controlplane.history;

import dev.tcpfleet.controlplane.SqlTimes;
import dev.tcpfleet.domain.ingest.SnapshotBatch;
import dev.tcpfleet.domain.metrics.SnapshotMetric;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Per-minute and per-hour rollups of every {@link SnapshotMetric}, one row per host and bucket, added to as each
 * batch of new snapshots is stored (a redelivered one is not new, so nothing counts twice).
 */
@ApplicationScoped
public class SnapshotRollups {
    /** A bucket's figures for one metric; {@code min} and {@code max} are null when no snapshot carried it. */
    public record Point(Instant bucketStart, int samples, Double min, Double avg, Double max) {
    }

    private static final List<SnapshotMetric> METRICS = List.of(SnapshotMetric.values());
    private static final String UPSERT = upsert();

    private final EntityManager em;

    SnapshotRollups(EntityManager em) {
        this.em = em;
    }

    /** Adds a batch's rollups, summed per host and bucket beforehand (SnapshotBatch), in one statement. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void add(List<SnapshotBatch.Rollup> rollups) {
        if (rollups.isEmpty()) {
            return;
        }
        Query upsert = em.createNativeQuery(UPSERT)
                .setParameter(1, rollups.stream().map(SnapshotBatch.Rollup::hostId).toArray(String[]::new))
                .setParameter(2, rollups.stream().map(SnapshotBatch.Rollup::bucket).toArray(String[]::new))
                .setParameter(3, rollups.stream().map(r -> r.bucketStart().toString()).toArray(String[]::new));
        int parameter = 4;
        for (int m = 0; m < METRICS.size(); m++) {
            int metric = m;
            upsert.setParameter(parameter++, figures(rollups, metric, f -> f.samples()).toArray(Integer[]::new))
                    .setParameter(parameter++, figures(rollups, metric, f -> f.sum()).toArray(Double[]::new))
                    .setParameter(parameter++, figures(rollups, metric, f -> f.min()).toArray(Double[]::new))
                    .setParameter(parameter++, figures(rollups, metric, f -> f.max()).toArray(Double[]::new));
        }
        upsert.executeUpdate();
    }

    private static <T> Stream<T> figures(List<SnapshotBatch.Rollup> rollups, int metric,
            Function<SnapshotBatch.Figure, T> part) {
        return rollups.stream().map(r -> part.apply(r.figures().get(metric)));
    }

    /**
     * One metric of one host in {@code [from, to)}: per {@code bucket} ("1m", "1h"), or per day ("1d", from the
     * hourly rows), oldest first.
     */
    @SuppressWarnings("unchecked")
    public List<Point> read(String hostId, SnapshotMetric metric, String bucket, Instant from, Instant to) {
        String m = metric.apiName();
        // days are summed from the hourly rows; minutes and hours are rows as they are
        String select = bucket.equals("1d")
                ? "SELECT date_trunc('day', bucket_start AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS t, sum(" + m
                        + "_n), min(" + m + "_min), sum(" + m + "_sum), max(" + m + "_max)"
                : "SELECT bucket_start AS t, " + m + "_n, " + m + "_min, " + m + "_sum, " + m + "_max";
        List<Object[]> rows = em.createNativeQuery(select + " FROM snapshot_rollups"
                        + " WHERE host_id = ?1 AND bucket = ?2 AND bucket_start >= ?3 AND bucket_start < ?4"
                        + (bucket.equals("1d") ? " GROUP BY t" : "") + " ORDER BY t")
                .setParameter(1, hostId)
                .setParameter(2, bucket.equals("1d") ? "1h" : bucket)
                .setParameter(3, SqlTimes.utc(from))
                .setParameter(4, SqlTimes.utc(to))
                .getResultList();
        List<Point> points = new ArrayList<>();
        for (Object[] row : rows) {
            int samples = ((Number) row[1]).intValue();
            points.add(new Point(SqlTimes.instant(row[0]), samples, number(row[2]),
                    samples == 0 ? null : ((Number) row[3]).doubleValue() / samples, number(row[4])));
        }
        return points;
    }

    private static Double number(Object value) {
        return value == null ? null : ((Number) value).doubleValue();
    }

    private static String upsert() {
        List<String> columns = new ArrayList<>(List.of("host_id", "bucket", "bucket_start"));
        List<String> arrays = new ArrayList<>(List.of("CAST(?1 AS text[])", "CAST(?2 AS text[])",
                "CAST(CAST(?3 AS text[]) AS timestamptz[])"));
        List<String> updates = new ArrayList<>();
        for (SnapshotMetric metric : METRICS) {
            String m = metric.apiName();
            columns.addAll(Arrays.asList(m + "_n", m + "_sum", m + "_min", m + "_max"));
            for (String type : List.of("int", "float8", "float8", "float8")) {
                arrays.add("CAST(?" + (arrays.size() + 1) + " AS " + type + "[])");
            }
            updates.add(m + "_n = snapshot_rollups." + m + "_n + EXCLUDED." + m + "_n");
            updates.add(m + "_sum = snapshot_rollups." + m + "_sum + EXCLUDED." + m + "_sum");
            updates.add(m + "_min = LEAST(snapshot_rollups." + m + "_min, EXCLUDED." + m + "_min)");
            updates.add(m + "_max = GREATEST(snapshot_rollups." + m + "_max, EXCLUDED." + m + "_max)");
        }
        String names = String.join(", ", columns);
        return "INSERT INTO snapshot_rollups (" + names + ") SELECT " + names + " FROM unnest("
                + String.join(", ", arrays) + ") AS added (" + names + ")"
                + " ON CONFLICT (host_id, bucket, bucket_start) DO UPDATE SET " + String.join(", ", updates);
    }
}
