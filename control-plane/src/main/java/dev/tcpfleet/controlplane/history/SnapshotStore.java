package dev.tcpfleet.controlplane.history;

import dev.tcpfleet.controlplane.sql.SqlTimes;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.ProtocolJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hibernate.Session;

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
     * <p>Bound through JDBC as the driver sends them fastest: each body as the bytes received (bytea, turned into
     * text by PostgreSQL: decoding a batch's bodies into Java strings only for the driver to encode them again cost
     * as much as sending them), times as microseconds since the epoch, turned into seconds and microseconds apart
     * (an interval times a number is float8 arithmetic, inexact past 2^53 microseconds: the year 2255).
     *
     * @return the ones that were new, in order: a redelivery is not new data
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <S extends StorableSnapshot> List<S> insert(List<S> received) {
        if (received.isEmpty()) {
            return List.of();
        }
        Map<String, S> byKey = new LinkedHashMap<>();
        for (S r : received) {
            byKey.putIfAbsent(key(r.snapshot().host().hostId(), micros(r.snapshot().collectedAt())), r);
        }
        Set<String> fresh = em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO snapshots (host_id, collected_at, schema_version, body)
                    SELECT host_id, timestamptz 'epoch' + collected_at / 1000000 * interval '1 second'
                            + collected_at % 1000000 * interval '1 microsecond', schema_version,
                        CAST(convert_from(body, 'UTF8') AS jsonb)
                    FROM unnest(CAST(? AS text[]), CAST(? AS int8[]), CAST(? AS int[]), CAST(? AS bytea[]))
                        AS received (host_id, collected_at, schema_version, body)
                    ON CONFLICT (host_id, collected_at) DO NOTHING
                    RETURNING host_id, CAST(extract(epoch FROM collected_at) * 1000000 AS int8)""")) {
                insert.setObject(1, received.stream().map(r -> r.snapshot().host().hostId()).toArray(String[]::new));
                insert.setObject(2, received.stream().mapToLong(r -> micros(r.snapshot().collectedAt())).toArray());
                insert.setObject(3, received.stream().mapToInt(r -> r.snapshot().schemaVersion()).toArray());
                insert.setObject(4, received.stream().map(StorableSnapshot::body).toArray(byte[][]::new));
                Set<String> inserted = new HashSet<>();
                try (ResultSet rows = insert.executeQuery()) {
                    while (rows.next()) {
                        inserted.add(key(rows.getString(1), rows.getLong(2)));
                    }
                }
                return inserted;
            }
        });
        return byKey.entrySet().stream().filter(e -> fresh.contains(e.getKey())).map(Map.Entry::getValue).toList();
    }

    private static String key(String hostId, long micros) {
        return hostId + '\u0000' + micros;
    }

    /**
     * PostgreSQL keeps microseconds: a time is sent rounded to them, so that the one returned matches it. A snapshot's
     * time is within years 1970 to 9999 (SnapshotIngestService), far inside a long's microseconds.
     */
    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + (instant.getNano() + 500) / 1_000;
    }

    /** A stored snapshot and when the control plane received it. */
    public record Row(Instant receivedAt, String body) {
    }

    /** Snapshots of one host with {@code from <= collectedAt < to}, oldest first. */
    public List<Row> range(String hostId, Instant from, Instant to, int limit) {
        return range(hostId, from, to, limit, "ASC");
    }

    /** The oldest ({@code ASC}) or newest ({@code DESC}) {@code limit} snapshots of the range, in that order. */
    private List<Row> range(String hostId, Instant from, Instant to, int limit, String order) {
        return rows(em.createNativeQuery("""
                SELECT received_at, CAST(body AS text) FROM snapshots
                WHERE host_id = ?1 AND collected_at >= ?2 AND collected_at < ?3
                ORDER BY collected_at %s
                LIMIT ?4
                """.formatted(order))
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

    /**
     * At most {@code limit} snapshots of one host with {@code from <= collectedAt < to}, decoded: the newest ones
     * (a judged window's samples nearest its end, not its oldest), returned oldest first.
     */
    public List<HostSnapshot> newest(String hostId, Instant from, Instant to, int limit) {
        List<HostSnapshot> snapshots = new ArrayList<>(range(hostId, from, to, limit, "DESC").stream()
                .map(SnapshotStore::decode).toList());
        Collections.reverse(snapshots);
        return snapshots;
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
