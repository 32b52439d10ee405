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
 * every host's rows. The hosts' labels are read from {@code hosts} (the hosts feature's table) in the statement.
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
     * Every part of a batch adds to the same rows (the fleet's current minute at least), which stay locked until the
     * part commits: ingest calls this last, and the rows are written in key order, so parts wait for each other
     * briefly and never deadlock.
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
                    int[] hosts = new int[moving.size()];
                    double[] sums = new double[moving.size()];
                    for (int i = 0; i < moving.size(); i++) {
                        HostBucketChange.Move move = moving.get(i).moves().get(metric);
                        hosts[i] = move.hostsDelta();
                        sums[i] = move.sumDelta();
                    }
                    upsert.setObject(parameter++, hosts);
                    upsert.setObject(parameter++, sums);
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

    private static String upsert() {
        List<String> columns = new ArrayList<>();
        List<String> arrays = new ArrayList<>();
        List<String> sums = new ArrayList<>();
        List<String> updates = new ArrayList<>();
        for (SnapshotMetric metric : METRICS) {
            String m = metric.apiName();
            columns.add(m + "_hosts");
            columns.add(m + "_sum");
            arrays.add("CAST(? AS int[])");
            arrays.add("CAST(? AS float8[])");
            sums.add("sum(d." + m + "_hosts)");
            sums.add("sum(d." + m + "_sum)");
            updates.add(m + "_hosts = fleet_rollups." + m + "_hosts + EXCLUDED." + m + "_hosts");
            updates.add(m + "_sum = fleet_rollups." + m + "_sum + EXCLUDED." + m + "_sum");
        }
        String names = String.join(", ", columns);
        return "INSERT INTO fleet_rollups (label_key, label_value, bucket, bucket_start, " + names + ")"
                + " SELECT g.label_key, g.label_value, d.bucket, d.bucket_start, " + String.join(", ", sums)
                + " FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(CAST(? AS text[]) AS timestamptz[]), "
                + String.join(", ", arrays) + ") AS d (host_id, bucket, bucket_start, " + names + ")"
                + " JOIN hosts h ON h.id = d.host_id"
                + " CROSS JOIN LATERAL (SELECT '', '' UNION ALL SELECT key, value FROM jsonb_each_text("
                + "coalesce(NULLIF(h.labels, 'null'::jsonb), '{}'::jsonb))) AS g (label_key, label_value)"
                + " GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"
                + " ON CONFLICT (label_key, label_value, bucket, bucket_start) DO UPDATE SET "
                + String.join(", ", updates);
    }
}
