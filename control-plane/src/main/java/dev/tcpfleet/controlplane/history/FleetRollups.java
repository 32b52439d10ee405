package dev.tcpfleet.controlplane.history;

import dev.tcpfleet.controlplane.sql.SqlTimes;
import dev.tcpfleet.domain.metrics.SnapshotMetric;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.Session;

/**
 * Per minute and hour, the fleet's and each label group's figures (see {@link FleetGroup}): for each metric the hosts
 * that had it and the sum of their bucket averages, kept at ingest by how each host's bucket row moved
 * ({@link HostBucketChange}). A fleet trend of sum or avg reads a row per bucket, as a host trend does, instead of
 * every host's rows. The hosts' labels are read from {@code hosts} (the hosts feature's table) in the statement, and
 * each host row keeps the labels it is counted under ({@code snapshot_rollups.fleet_labels}), so that a host whose
 * labels changed leaves its old groups whole when its row next moves (see {@link #add}).
 */
@ApplicationScoped
public class FleetRollups {
    private static final List<SnapshotMetric> METRICS = List.of(SnapshotMetric.values());
    private static final String UPSERT = upsert();

    private final EntityManager em;

    FleetRollups(EntityManager em) {
        this.em = em;
    }

    /**
     * Adds the batch's moves to the rows of the whole fleet and of every label each host carries, in one statement.
     * Each moved host row takes out what it held (its host and average before) from the groups of the labels it was
     * counted under, and puts in its host and average after to the groups of the labels its host carries now: with
     * unchanged labels that nets to b - a, with changed ones the row moves whole from the old groups to the new.
     * Every part of a batch adds to the same rows (the fleet's current minute at least), which stay locked until the
     * part commits: ingest calls this last, and the rows are written in key order, so parts wait for each other
     * briefly (that the host rows before them are locked in one order too is not proven: ingest/DESIGN.md).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void add(List<HostBucketChange> changes) {
        List<HostBucketChange> moving = changes.stream().filter(change -> !change.movesNothing()).toList();
        if (moving.isEmpty()) {
            return;
        }
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
                upsert.setObject(1, moving.stream().map(HostBucketChange::hostId).toArray(String[]::new));
                upsert.setObject(2, moving.stream().map(HostBucketChange::bucket).toArray(String[]::new));
                upsert.setObject(3, moving.stream().map(c -> c.bucketStart().toString()).toArray(String[]::new));
                int parameter = 4;
                for (int metric = 0; metric < METRICS.size(); metric++) {
                    int[] hostsBefore = new int[moving.size()];
                    double[] averagesBefore = new double[moving.size()];
                    int[] hostsAfter = new int[moving.size()];
                    double[] averagesAfter = new double[moving.size()];
                    for (int i = 0; i < moving.size(); i++) {
                        HostBucketChange.Move move = moving.get(i).moves().get(metric);
                        hostsBefore[i] = move.hostsBefore();
                        averagesBefore[i] = move.averageBefore();
                        hostsAfter[i] = move.hostsAfter();
                        averagesAfter[i] = move.averageAfter();
                    }
                    upsert.setObject(parameter++, hostsBefore);
                    upsert.setObject(parameter++, averagesBefore);
                    upsert.setObject(parameter++, hostsAfter);
                    upsert.setObject(parameter++, averagesAfter);
                }
                upsert.executeUpdate();
            }
        });
    }

    /**
     * {@code aggregate} (sum or avg) of the group's hosts' bucket averages per {@code bucket} ("1m", "1h") in
     * {@code [from, to)}, oldest first; buckets where no host had the metric are left out, as the per-host query
     * leaves them. Reads one primary-key range: a row per bucket, whatever the fleet's size.
     */
    @SuppressWarnings("unchecked")
    public List<FleetTrends.GroupPoint> read(FleetGroup group, SnapshotMetric metric, FleetTrends.Aggregate aggregate,
            String bucket, Instant from, Instant to) {
        if (!keeps(aggregate)) {
            throw new IllegalArgumentException("fleet rows keep sums and host counts, not " + aggregate);
        }
        String m = metric.apiName();
        String value = aggregate == FleetTrends.Aggregate.SUM ? m + "_sum" : m + "_sum / " + m + "_hosts";
        List<Object[]> rows = em.createNativeQuery("SELECT bucket_start, " + value + ", " + m + "_hosts"
                        + " FROM fleet_rollups WHERE label_key = ?1 AND label_value = ?2 AND bucket = ?3"
                        + " AND bucket_start >= ?4 AND bucket_start < ?5 AND " + m + "_hosts > 0 ORDER BY bucket_start")
                .setParameter(1, group.labelKey())
                .setParameter(2, group.labelValue())
                .setParameter(3, bucket)
                .setParameter(4, SqlTimes.utc(from))
                .setParameter(5, SqlTimes.utc(to))
                .getResultList();
        List<FleetTrends.GroupPoint> points = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            points.add(new FleetTrends.GroupPoint(SqlTimes.instant(row[0]), FleetTrends.ALL,
                    ((Number) row[1]).doubleValue(), ((Number) row[2]).intValue()));
        }
        return points;
    }

    /**
     * Whether the rows answer {@code aggregate}: a sum and a count answer sum and avg. A maximum could not be kept
     * by adding: a host's average falls as its minute fills, and the fleet's maximum cannot tell whether it was that
     * host's; nor can a percentile.
     */
    public static boolean keeps(FleetTrends.Aggregate aggregate) {
        return aggregate == FleetTrends.Aggregate.SUM || aggregate == FleetTrends.Aggregate.AVG;
    }

    /**
     * {@code counted} pairs each moved row with the labels it was counted under ({@code was}, null the first time)
     * and its host's now; {@code relabelled} records the new ones on the row; {@code moves} is the row's old figures
     * taken out of the old groups and its new figures put into the new ones, summed per fleet row below.
     */
    private static String upsert() {
        List<String> columns = new ArrayList<>();
        List<String> inputs = new ArrayList<>();
        List<String> arrays = new ArrayList<>();
        List<String> takenOut = new ArrayList<>();
        List<String> putIn = new ArrayList<>();
        List<String> sums = new ArrayList<>();
        List<String> updates = new ArrayList<>();
        for (SnapshotMetric metric : METRICS) {
            String m = metric.apiName();
            columns.add(m + "_hosts");
            columns.add(m + "_sum");
            inputs.addAll(List.of(m + "_hosts_before", m + "_avg_before", m + "_hosts_after", m + "_avg_after"));
            arrays.addAll(List.of("CAST(? AS int[])", "CAST(? AS float8[])", "CAST(? AS int[])",
                    "CAST(? AS float8[])"));
            takenOut.add("-c." + m + "_hosts_before");
            takenOut.add("-c." + m + "_avg_before");
            putIn.add("c." + m + "_hosts_after");
            putIn.add("c." + m + "_avg_after");
            sums.add("sum(" + m + "_hosts)");
            sums.add("sum(" + m + "_sum)");
            updates.add(m + "_hosts = fleet_rollups." + m + "_hosts + EXCLUDED." + m + "_hosts");
            updates.add(m + "_sum = fleet_rollups." + m + "_sum + EXCLUDED." + m + "_sum");
        }
        String names = String.join(", ", columns);
        String sameRow = "r.host_id = c.host_id AND r.bucket = c.bucket AND r.bucket_start = c.bucket_start";
        return "WITH d AS (SELECT * FROM unnest(CAST(? AS text[]), CAST(? AS text[]),"
                + " CAST(CAST(? AS text[]) AS timestamptz[]), " + String.join(", ", arrays) + ")"
                + " AS d (host_id, bucket, bucket_start, " + String.join(", ", inputs) + ")),"
                + " counted AS (SELECT d.*, r.fleet_labels AS was,"
                + " coalesce(NULLIF(h.labels, 'null'::jsonb), '{}'::jsonb) AS now"
                + " FROM d JOIN hosts h ON h.id = d.host_id"
                + " JOIN snapshot_rollups r ON r.host_id = d.host_id AND r.bucket = d.bucket"
                + " AND r.bucket_start = d.bucket_start),"
                + " relabelled AS (UPDATE snapshot_rollups r SET fleet_labels = c.now FROM counted c WHERE " + sameRow
                + " AND c.was IS DISTINCT FROM c.now),"
                + " moves AS (SELECT g.label_key, g.label_value, c.bucket, c.bucket_start, "
                + String.join(", ", takenOut)
                + " FROM counted c CROSS JOIN LATERAL " + groups("c.was") + " WHERE c.was IS NOT NULL"
                + " UNION ALL SELECT g.label_key, g.label_value, c.bucket, c.bucket_start, " + String.join(", ", putIn)
                + " FROM counted c CROSS JOIN LATERAL " + groups("c.now") + ")"
                + " INSERT INTO fleet_rollups (label_key, label_value, bucket, bucket_start, " + names + ")"
                + " SELECT label_key, label_value, bucket, bucket_start, " + String.join(", ", sums)
                + " FROM moves AS mv (label_key, label_value, bucket, bucket_start, " + names + ")"
                + " GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"
                + " ON CONFLICT (label_key, label_value, bucket, bucket_start) DO UPDATE SET "
                + String.join(", ", updates);
    }

    /** The groups of a label set: the whole fleet and each label. */
    private static String groups(String labels) {
        return "(SELECT '', '' UNION ALL SELECT key, value FROM jsonb_each_text(" + labels + "))"
                + " AS g (label_key, label_value)";
    }
}
