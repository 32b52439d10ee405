package dev.tcpfleet.controlplane.alerts;

import dev.tcpfleet.controlplane.JsonColumns;
import dev.tcpfleet.controlplane.SqlTimes;
import dev.tcpfleet.domain.alerts.HostFigures;
import dev.tcpfleet.domain.metrics.SnapshotMetric;
import dev.tcpfleet.protocol.HostSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Each host's latest figures in PostgreSQL (host_figures), the fleet's shared view for fleet rules: every instance
 * writes those of the hosts it ingests, the one judging fleet rules reads what changed since its last read.
 */
@ApplicationScoped
public class HostFiguresStore {
    /** What changed since a read, and {@code seen}: where the next read starts. */
    public record Changes(List<HostFigures> figures, String seen) {
    }

    /** Where a first read starts: a snapshot that sees no transaction, so every host's figures are read. */
    public static final String NOTHING_SEEN = "1:1:";

    private final EntityManager em;

    HostFiguresStore(EntityManager em) {
        this.em = em;
    }

    /**
     * Takes in the newest figures of each host among {@code snapshots}, in one statement, unless the host's stored
     * ones were collected at the same time or later: a redelivered or late snapshot never turns them back.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(List<HostSnapshot> snapshots) {
        if (snapshots.isEmpty()) {
            return;
        }
        // one row per host, as one statement may not update a row twice; in host order, as other batches lock them
        Map<String, HostFigures> newest = new TreeMap<>();
        for (HostSnapshot snapshot : snapshots) {
            newest.merge(snapshot.host().hostId(), HostFigures.of(snapshot),
                    (held, fresh) -> fresh.collectedAt().isAfter(held.collectedAt()) ? fresh : held);
        }
        Collection<HostFigures> rows = newest.values();
        em.createNativeQuery("""
                INSERT INTO host_figures (host_id, labels, collected_at, figures, changed_by)
                SELECT host_id, CAST(labels AS jsonb), collected_at, CAST(figures AS jsonb), pg_current_xact_id()
                FROM unnest(CAST(?1 AS text[]), CAST(?2 AS text[]), CAST(CAST(?3 AS text[]) AS timestamptz[]),
                            CAST(?4 AS text[])) AS latest (host_id, labels, collected_at, figures)
                ON CONFLICT (host_id) DO UPDATE SET labels = EXCLUDED.labels, collected_at = EXCLUDED.collected_at,
                    figures = EXCLUDED.figures, changed_by = EXCLUDED.changed_by
                WHERE EXCLUDED.collected_at > host_figures.collected_at""")
                .setParameter(1, column(rows, HostFigures::hostId))
                .setParameter(2, column(rows, host -> JsonColumns.text(host.labels())))
                .setParameter(3, column(rows, host -> host.collectedAt().toString()))
                .setParameter(4, column(rows, host -> JsonColumns.text(byApiName(host.values()))))
                .executeUpdate();
    }

    /**
     * The figures written by transactions that the read which returned {@code seen} could not see (every host's
     * from {@link #NOTHING_SEEN}): exactly those committed since, in whatever order they took their ids.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Changes changedSince(String seen) {
        // one statement, so the snapshot returned is the very one the rows were read in
        List<?> result = em.createNativeQuery("""
                SELECT CAST(pg_current_snapshot() AS text), f.host_id, CAST(f.labels AS text), f.collected_at,
                    CAST(f.figures AS text)
                FROM (VALUES (CAST(CAST(?1 AS text) AS pg_snapshot))) AS previous (seen)
                LEFT JOIN host_figures f ON f.changed_by >= pg_snapshot_xmin(previous.seen)
                    AND NOT pg_visible_in_snapshot(f.changed_by, previous.seen)""")
                .setParameter(1, seen).getResultList();
        List<HostFigures> figures = new ArrayList<>();
        for (Object row : result) {
            Object[] r = (Object[]) row;
            if (r[1] != null) {
                figures.add(new HostFigures((String) r[1], labels((String) r[2]), SqlTimes.instant(r[3]),
                        values((String) r[4])));
            }
        }
        return new Changes(figures, (String) ((Object[]) result.get(0))[0]);
    }

    private static String[] column(Collection<HostFigures> rows, Function<HostFigures, String> value) {
        return rows.stream().map(value).toArray(String[]::new);
    }

    private static Map<String, Double> byApiName(Map<SnapshotMetric, Double> values) {
        Map<String, Double> named = new TreeMap<>();
        values.forEach((metric, value) -> named.put(metric.apiName(), value));
        return named;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> labels(String json) {
        return Map.copyOf(JsonColumns.read(json, Map.class));
    }

    /** A metric no longer known is left out, like one the snapshot lacked; a NaN was written as the text "NaN". */
    private static Map<SnapshotMetric, Double> values(String json) {
        Map<SnapshotMetric, Double> values = new EnumMap<>(SnapshotMetric.class);
        JsonColumns.read(json, Map.class).forEach((name, value) -> SnapshotMetric.byApiName((String) name)
                .ifPresent(metric -> values.put(metric, Double.parseDouble(value.toString()))));
        return values;
    }
}
