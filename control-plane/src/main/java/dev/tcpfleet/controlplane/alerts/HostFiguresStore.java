package dev.tcpfleet.controlplane.alerts;

import dev.tcpfleet.controlplane.sql.JsonColumns;
import dev.tcpfleet.controlplane.sql.SqlTimes;
import dev.tcpfleet.domain.alerts.HostFigures;
import dev.tcpfleet.domain.metrics.SnapshotMetric;
import dev.tcpfleet.protocol.HostSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
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

    private static final int LABEL_SETS_KEPT = 50_000;

    private final EntityManager em;
    private final Map<String, Map<String, String>> labelSets = new ConcurrentHashMap<>();

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
                SELECT host_id, CAST(labels AS jsonb), collected_at, CAST(figures AS float8[]), pg_current_xact_id()
                FROM unnest(CAST(?1 AS text[]), CAST(?2 AS text[]), CAST(CAST(?3 AS text[]) AS timestamptz[]),
                            CAST(?4 AS text[])) AS latest (host_id, labels, collected_at, figures)
                ON CONFLICT (host_id) DO UPDATE SET labels = EXCLUDED.labels, collected_at = EXCLUDED.collected_at,
                    figures = EXCLUDED.figures, changed_by = EXCLUDED.changed_by
                WHERE EXCLUDED.collected_at > host_figures.collected_at""")
                .setParameter(1, column(rows, HostFigures::hostId))
                .setParameter(2, column(rows, host -> JsonColumns.text(host.labels())))
                .setParameter(3, column(rows, host -> host.collectedAt().toString()))
                .setParameter(4, column(rows, host -> arrayText(host.values())))
                .executeUpdate();
    }

    /**
     * When the newest snapshot stored of each of {@code hostIds} that has one was collected, as this transaction sees
     * it (before {@link #record} of its own batch).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<String, Instant> newest(Collection<String> hostIds) {
        Map<String, Instant> newest = new HashMap<>();
        // a lookup per id: joined, the ids are hashed against a scan of the whole table, one per batch
        for (Object row : em.createNativeQuery("SELECT host_id, (SELECT collected_at FROM host_figures f"
                        + " WHERE f.host_id = batch.host_id) FROM unnest(CAST(?1 AS text[])) AS batch (host_id)")
                .setParameter(1, hostIds.toArray(String[]::new)).getResultList()) {
            Object[] r = (Object[]) row;
            if (r[1] != null) {
                newest.put((String) r[0], SqlTimes.instant(r[1]));
            }
        }
        return newest;
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

    /**
     * PostgreSQL's text of a float8[] in {@link HostFigures#STORED_ORDER}: Java's exact digits; NaN and Infinity
     * read alike in both.
     */
    static String arrayText(Map<SnapshotMetric, Double> values) {
        StringBuilder text = new StringBuilder("{");
        for (SnapshotMetric metric : HostFigures.STORED_ORDER) {
            Double value = values.get(metric);
            text.append(text.length() > 1 ? "," : "").append(value == null ? "NULL" : value.toString());
        }
        return text.append('}').toString();
    }

    /**
     * Label sets repeat, across hosts and across reads of one host: each distinct text is parsed once. The cache is
     * emptied when it outgrows {@link #LABEL_SETS_KEPT}, which a fleet whose every host has labels of its own reaches.
     */
    @SuppressWarnings("unchecked")
    private Map<String, String> labels(String json) {
        if (labelSets.size() >= LABEL_SETS_KEPT) {
            labelSets.clear();
        }
        return labelSets.computeIfAbsent(json, text -> Map.copyOf(JsonColumns.read(text, Map.class)));
    }

    /** A row's figures read back from its text; NULL elements, and those past a shorter row's end, were absent. */
    static Map<SnapshotMetric, Double> values(String arrayText) {
        Map<SnapshotMetric, Double> values = new EnumMap<>(SnapshotMetric.class);
        String inside = arrayText.substring(1, arrayText.length() - 1);
        String[] elements = inside.isEmpty() ? new String[0] : inside.split(",");
        for (int i = 0; i < Math.min(elements.length, HostFigures.STORED_ORDER.size()); i++) {
            if (!elements[i].equals("NULL")) {
                values.put(HostFigures.STORED_ORDER.get(i), Double.parseDouble(elements[i]));
            }
        }
        return values;
    }
}
