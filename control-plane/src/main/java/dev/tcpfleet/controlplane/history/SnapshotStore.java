package dev.tcpfleet.controlplane.history;

import dev.tcpfleet.controlplane.SqlTimes;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.ProtocolJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Snapshot rows in PostgreSQL. The body is the message as received, so nothing the agent sent is lost. */
@ApplicationScoped
public class SnapshotStore {
    private final EntityManager em;

    SnapshotStore(EntityManager em) {
        this.em = em;
    }

    /**
     * Inserts the snapshots in one statement, skipping each (host, collectedAt) stored before.
     *
     * @return the ones that were new, in order: a redelivery is not new data
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<ReceivedSnapshot> insert(List<ReceivedSnapshot> received) {
        if (received.isEmpty()) {
            return List.of();
        }
        // PostgreSQL keeps microseconds: the times are sent rounded so that the ones returned match them
        Map<String, ReceivedSnapshot> byKey = new LinkedHashMap<>();
        for (ReceivedSnapshot r : received) {
            byKey.putIfAbsent(key(r.snapshot().host().hostId(), micros(r.snapshot().collectedAt())), r);
        }
        List<?> inserted = em.createNativeQuery("""
                WITH inserted AS (
                    INSERT INTO snapshots (host_id, collected_at, schema_version, body)
                    SELECT host_id, collected_at, schema_version, CAST(body AS jsonb)
                    FROM unnest(CAST(?1 AS text[]), CAST(CAST(?2 AS text[]) AS timestamptz[]), CAST(?3 AS int[]),
                                CAST(?4 AS text[])) AS received (host_id, collected_at, schema_version, body)
                    ON CONFLICT (host_id, collected_at) DO NOTHING
                    RETURNING host_id, collected_at)
                SELECT host_id, collected_at FROM inserted
                """)
                .setParameter(1, received.stream().map(r -> r.snapshot().host().hostId()).toArray(String[]::new))
                .setParameter(2, received.stream().map(r -> micros(r.snapshot().collectedAt()).toString())
                        .toArray(String[]::new))
                .setParameter(3, received.stream().map(r -> r.snapshot().schemaVersion()).toArray(Integer[]::new))
                .setParameter(4, received.stream().map(r -> new String(r.body(), StandardCharsets.UTF_8))
                        .toArray(String[]::new))
                .getResultList();
        Set<String> fresh = new HashSet<>();
        for (Object row : inserted) {
            Object[] columns = (Object[]) row;
            fresh.add(key((String) columns[0], SqlTimes.instant(columns[1])));
        }
        return byKey.entrySet().stream().filter(e -> fresh.contains(e.getKey())).map(Map.Entry::getValue).toList();
    }

    private static String key(String hostId, Instant collectedAt) {
        return hostId + '\u0000' + collectedAt;
    }

    private static Instant micros(Instant instant) {
        return instant.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
    }

    /** A stored snapshot and when the control plane received it. */
    public record Row(Instant receivedAt, String body) {
    }

    /** Snapshots of one host with {@code from <= collectedAt < to}, oldest first. */
    public List<Row> range(String hostId, Instant from, Instant to, int limit) {
        return rows(em.createNativeQuery("""
                SELECT received_at, CAST(body AS text) FROM snapshots
                WHERE host_id = ?1 AND collected_at >= ?2 AND collected_at < ?3
                ORDER BY collected_at
                LIMIT ?4
                """)
                .setParameter(1, hostId)
                .setParameter(2, SqlTimes.utc(from))
                .setParameter(3, SqlTimes.utc(to))
                .setParameter(4, limit)
                .getResultList());
    }

    public List<Row> latest(String hostId) {
        return rows(em.createNativeQuery("""
                SELECT received_at, CAST(body AS text) FROM snapshots
                WHERE host_id = ?1 ORDER BY collected_at DESC LIMIT 1
                """)
                .setParameter(1, hostId)
                .getResultList());
    }

    /** The host's newest snapshot, decoded, for features that read its figures rather than return it. */
    public Optional<HostSnapshot> latestSnapshot(String hostId) {
        return latest(hostId).stream().findFirst().map(SnapshotStore::decode);
    }

    /** The host's last snapshot collected before {@code instant}, decoded: the baseline a change is judged against. */
    public Optional<HostSnapshot> lastBefore(String hostId, Instant instant) {
        return rows(em.createNativeQuery("""
                SELECT received_at, CAST(body AS text) FROM snapshots
                WHERE host_id = ?1 AND collected_at < ?2 ORDER BY collected_at DESC LIMIT 1
                """)
                .setParameter(1, hostId)
                .setParameter(2, SqlTimes.utc(instant))
                .getResultList()).stream().findFirst().map(SnapshotStore::decode);
    }

    /** {@link #range} decoded. */
    public List<HostSnapshot> snapshots(String hostId, Instant from, Instant to, int limit) {
        return range(hostId, from, to, limit).stream().map(SnapshotStore::decode).toList();
    }

    private static List<Row> rows(List<?> result) {
        return result.stream().map(Object[].class::cast)
                .map(r -> new Row(SqlTimes.instant(r[0]), (String) r[1]))
                .toList();
    }

    /** Decodes a stored body; stored bodies passed the same check on the way in. */
    static HostSnapshot decode(Row row) {
        return ProtocolJson.readSnapshot(row.body().getBytes(StandardCharsets.UTF_8));
    }
}
