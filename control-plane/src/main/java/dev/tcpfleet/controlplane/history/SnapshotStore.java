package dev.tcpfleet.controlplane.history;

import dev.tcpfleet.controlplane.SqlTimes;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.ProtocolJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Snapshot rows in PostgreSQL. The body is the message as received, so nothing the agent sent is lost. */
@ApplicationScoped
public class SnapshotStore {
    private final EntityManager em;

    SnapshotStore(EntityManager em) {
        this.em = em;
    }

    /** @return false when this (host, collectedAt) was stored before: a redelivery, not new data */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean insert(HostSnapshot snapshot, byte[] body) {
        int inserted = em.createNativeQuery("""
                INSERT INTO snapshots (host_id, collected_at, schema_version, body)
                VALUES (?1, ?2, ?3, CAST(?4 AS jsonb))
                ON CONFLICT (host_id, collected_at) DO NOTHING
                """)
                .setParameter(1, snapshot.host().hostId())
                .setParameter(2, SqlTimes.utc(snapshot.collectedAt()))
                .setParameter(3, snapshot.schemaVersion())
                .setParameter(4, new String(body, StandardCharsets.UTF_8))
                .executeUpdate();
        return inserted == 1;
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
