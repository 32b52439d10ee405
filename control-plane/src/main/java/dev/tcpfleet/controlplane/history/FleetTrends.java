package dev.tcpfleet.controlplane.history;

import dev.tcpfleet.controlplane.hosts.HostRegistry;
import dev.tcpfleet.controlplane.sql.SqlTimes;
import dev.tcpfleet.domain.metrics.SnapshotMetric;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A metric across many hosts, read from the rollups: per bucket and label group, the sum, average, maximum or
 * 95th percentile of each host's bucket average; and the hosts where it was highest over a window. A sum or average
 * of the whole fleet or of one label is read from the fleet's own rows ({@link FleetRollups}), anything else from
 * the hosts' rows.
 */
@ApplicationScoped
public class FleetTrends {
    /** How a bucket's host figures combine into one. */
    public enum Aggregate {
        SUM("sum(v)"), AVG("avg(v)"), MAX("max(v)"), P95("percentile_cont(0.95) WITHIN GROUP (ORDER BY v)");

        private final String sql;

        Aggregate(String sql) {
            this.sql = sql;
        }

        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One group's figure in one bucket, over {@code hosts} hosts that had the metric then. */
    public record GroupPoint(Instant bucketStart, String group, double value, int hosts) {
    }

    /** A host and its metric over the window: the highest bucket maximum and the average. */
    public record HostFigure(String hostId, double max, double avg) {
    }

    /** The one group of points when they are not grouped by a label. */
    static final String ALL = "all";

    private final EntityManager em;
    private final HostRegistry hosts;
    private final FleetRollups fleet;

    FleetTrends(EntityManager em, HostRegistry hosts, FleetRollups fleet) {
        this.em = em;
        this.hosts = hosts;
        this.fleet = fleet;
    }

    /**
     * {@code aggregate} of the hosts the label selector {@code labels} picks (every host when null) per bucket ("1m"
     * or "1h"), grouped by the value of label {@code groupBy} (hosts without it form the group null), or one group
     * "all" when {@code groupBy} is null. The fleet's rows answer when they can: the same figures (FleetRollupsTest)
     * at the cost of a host trend, where the hosts' rows cost a row per host and bucket.
     */
    public List<GroupPoint> aggregate(String labels, SnapshotMetric metric, Aggregate aggregate, String groupBy,
            String bucket, Instant from, Instant to) {
        Optional<FleetGroup> kept = groupBy == null && FleetRollups.keeps(aggregate) ? FleetGroup.of(labels)
                : Optional.empty();
        return kept.map(group -> fleet.read(group, metric, aggregate, bucket, from, to))
                .orElseGet(() -> perHost(hosts.historical(labels), metric, aggregate, groupBy, bucket, from, to));
    }

    /** {@link #aggregate} from the rows of each host in {@code hostIds}. */
    @SuppressWarnings("unchecked")
    List<GroupPoint> perHost(List<String> hostIds, SnapshotMetric metric, Aggregate aggregate, String groupBy,
            String bucket, Instant from, Instant to) {
        String m = metric.apiName();
        String group = groupBy == null ? "'" + ALL + "'" : "h.labels ->> ?5";
        var query = em.createNativeQuery("SELECT bucket_start, grp, " + aggregate.sql + ", count(*) FROM ("
                + " SELECT r.bucket_start, " + group + " AS grp, r." + m + "_sum / r." + m + "_n AS v"
                + " FROM snapshot_rollups r JOIN hosts h ON h.id = r.host_id"
                + " WHERE r.host_id = ANY(CAST(?1 AS text[])) AND r.bucket = ?2 AND r.bucket_start >= ?3"
                + " AND r.bucket_start < ?4 AND r." + m + "_n > 0) per_host"
                + " GROUP BY bucket_start, grp ORDER BY bucket_start, grp")
                .setParameter(1, hostIds.toArray(String[]::new))
                .setParameter(2, bucket)
                .setParameter(3, SqlTimes.utc(from))
                .setParameter(4, SqlTimes.utc(to));
        if (groupBy != null) {
            query.setParameter(5, groupBy);
        }
        List<GroupPoint> points = new ArrayList<>();
        for (Object[] row : (List<Object[]>) query.getResultList()) {
            points.add(new GroupPoint(SqlTimes.instant(row[0]), (String) row[1], ((Number) row[2]).doubleValue(),
                    ((Number) row[3]).intValue()));
        }
        return points;
    }

    /**
     * The {@code limit} hosts of {@code hostIds} with the highest maximum of the metric in {@code [from, to)}, read
     * from the {@code bucket} ("1m" or "1h") rollups.
     */
    @SuppressWarnings("unchecked")
    public List<HostFigure> top(List<String> hostIds, SnapshotMetric metric, String bucket, Instant from, Instant to,
            int limit) {
        String m = metric.apiName();
        List<Object[]> rows = em.createNativeQuery("SELECT host_id, max(" + m + "_max), sum(" + m + "_sum) / sum("
                        + m + "_n) FROM snapshot_rollups WHERE host_id = ANY(CAST(?1 AS text[])) AND bucket = ?5"
                        + " AND bucket_start >= ?2 AND bucket_start < ?3 AND " + m + "_n > 0"
                        + " GROUP BY host_id ORDER BY 2 DESC, host_id LIMIT ?4")
                .setParameter(1, hostIds.toArray(String[]::new))
                .setParameter(2, SqlTimes.utc(from))
                .setParameter(3, SqlTimes.utc(to))
                .setParameter(4, limit)
                .setParameter(5, bucket)
                .getResultList();
        return rows.stream().map(row -> new HostFigure((String) row[0], ((Number) row[1]).doubleValue(),
                ((Number) row[2]).doubleValue())).toList();
    }
}
