package dev.tcpfleet.controlplane.history;

import dev.tcpfleet.controlplane.sql.SqlTimes;
import dev.tcpfleet.domain.ingest.SnapshotBatch;
import dev.tcpfleet.domain.metrics.SnapshotMetric;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hibernate.Session;

/**
 * Per-minute and per-hour rollups of every {@link SnapshotMetric}, one row per host and bucket, added to as each
 * batch of new snapshots is stored (a redelivered one is not new, so nothing counts twice). Adding tells how each row
 * moved, which the fleet's rows ({@link FleetRollups}) follow.
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

    /**
     * Adds a batch's rollups, summed per host and bucket beforehand (SnapshotBatch), in one statement. Its figures (4
     * arrays per metric) are bound as primitive arrays through JDBC: boxed ones cost the driver more than the rest of
     * the statement.
     *
     * @return how each row moved, which is what the fleet rows ({@link FleetRollups}) add
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<HostBucketChange> add(List<SnapshotBatch.Rollup> rollups) {
        if (rollups.isEmpty()) {
            return List.of();
        }
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
                upsert.setObject(1, rollups.stream().map(SnapshotBatch.Rollup::hostId).toArray(String[]::new));
                upsert.setObject(2, rollups.stream().map(SnapshotBatch.Rollup::bucket).toArray(String[]::new));
                upsert.setObject(3, rollups.stream().map(r -> r.bucketStart().toString()).toArray(String[]::new));
                int parameter = 4;
                for (int metric = 0; metric < METRICS.size(); metric++) {
                    int[] samples = new int[rollups.size()];
                    double[] sums = new double[rollups.size()];
                    // a bucket without samples has no min or max: its zeros are read as null (see UPSERT)
                    double[] mins = new double[rollups.size()];
                    double[] maxes = new double[rollups.size()];
                    for (int i = 0; i < rollups.size(); i++) {
                        SnapshotBatch.Figure figure = rollups.get(i).figures().get(metric);
                        samples[i] = figure.samples();
                        sums[i] = figure.sum();
                        mins[i] = figure.samples() == 0 ? 0 : figure.min();
                        maxes[i] = figure.samples() == 0 ? 0 : figure.max();
                    }
                    upsert.setObject(parameter++, samples);
                    upsert.setObject(parameter++, sums);
                    upsert.setObject(parameter++, mins);
                    upsert.setObject(parameter++, maxes);
                }
                return changes(upsert.executeQuery());
            }
        });
    }

    /** The rows RETURNING gives: key, then per metric samples and sum before, samples and sum after. */
    private static List<HostBucketChange> changes(ResultSet rows) throws SQLException {
        try (rows) {
            List<HostBucketChange> changes = new ArrayList<>();
            while (rows.next()) {
                List<HostBucketChange.Move> moves = new ArrayList<>(METRICS.size());
                for (int metric = 0, column = 4; metric < METRICS.size(); metric++, column += 4) {
                    moves.add(new HostBucketChange.Move(rows.getInt(column), rows.getDouble(column + 1),
                            rows.getInt(column + 2), rows.getDouble(column + 3)));
                }
                changes.add(new HostBucketChange(rows.getString(1), rows.getString(2),
                        Instant.ofEpochSecond(rows.getLong(3)), List.copyOf(moves)));
            }
            return changes;
        }
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

    /**
     * The upsert, returning each row's figures before and after it. Before is after less what was added: the update
     * adds, and RETURNING gives the row as this statement left it, under the row's lock. Two transactions storing one
     * host's bucket at once (two control planes during a Kafka rebalance) thus see the row one after the other, 0 to
     * a and a to b, and the fleet's rows add a and b - a, not b twice. (The snapshot the statement started with could
     * miss the other's commit.) The sum before may differ from the stored one in its last bit; the samples cannot.
     */
    private static String upsert() {
        List<String> columns = new ArrayList<>(List.of("host_id", "bucket", "bucket_start"));
        List<String> values = new ArrayList<>(columns);
        List<String> arrays = new ArrayList<>(List.of("CAST(? AS text[])", "CAST(? AS text[])",
                "CAST(CAST(? AS text[]) AS timestamptz[])"));
        List<String> updates = new ArrayList<>();
        List<String> returned = new ArrayList<>();
        List<String> moves = new ArrayList<>(List.of("s.host_id", "s.bucket",
                "CAST(extract(epoch FROM s.bucket_start) AS int8)"));
        for (SnapshotMetric metric : METRICS) {
            String m = metric.apiName();
            columns.addAll(Arrays.asList(m + "_n", m + "_sum", m + "_min", m + "_max"));
            values.addAll(Arrays.asList(m + "_n", m + "_sum", "CASE WHEN " + m + "_n > 0 THEN " + m + "_min END",
                    "CASE WHEN " + m + "_n > 0 THEN " + m + "_max END"));
            arrays.addAll(Arrays.asList("CAST(? AS int[])", "CAST(? AS float8[])", "CAST(? AS float8[])",
                    "CAST(? AS float8[])"));
            updates.add(m + "_n = snapshot_rollups." + m + "_n + EXCLUDED." + m + "_n");
            updates.add(m + "_sum = snapshot_rollups." + m + "_sum + EXCLUDED." + m + "_sum");
            updates.add(m + "_min = LEAST(snapshot_rollups." + m + "_min, EXCLUDED." + m + "_min)");
            updates.add(m + "_max = GREATEST(snapshot_rollups." + m + "_max, EXCLUDED." + m + "_max)");
            returned.addAll(Arrays.asList(m + "_n", m + "_sum"));
            moves.addAll(Arrays.asList("s." + m + "_n - a." + m + "_n", "s." + m + "_sum - a." + m + "_sum",
                    "s." + m + "_n", "s." + m + "_sum"));
        }
        String names = String.join(", ", columns);
        return "WITH added AS (SELECT * FROM unnest(" + String.join(", ", arrays) + ") AS added (" + names + ")),"
                + " stored AS (INSERT INTO snapshot_rollups (" + names + ") SELECT " + String.join(", ", values)
                + " FROM added ON CONFLICT (host_id, bucket, bucket_start) DO UPDATE SET " + String.join(", ", updates)
                + " RETURNING host_id, bucket, bucket_start, " + String.join(", ", returned) + ")"
                + " SELECT " + String.join(", ", moves) + " FROM stored s JOIN added a ON a.host_id = s.host_id"
                + " AND a.bucket = s.bucket AND a.bucket_start = s.bucket_start";
    }
}
