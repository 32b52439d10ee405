package dev.tcpfleet.controlplane.enrolment;

import dev.tcpfleet.controlplane.sql.JsonColumns;
import dev.tcpfleet.controlplane.sql.SqlTimes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** The host_enrolments table: read a batch's rows at once; written rarely (a host's first message, a decision). */
@ApplicationScoped
public class EnrolmentStore {
    private static final String COLUMNS = "host_id, status, public_key, pending_public_key, hostname, CAST(labels AS"
            + " text), requested_at, decided_at, decided_by, reason";

    private final EntityManager em;

    EnrolmentStore(EntityManager em) {
        this.em = em;
    }

    /** What was asked with the message that made or moved a row, and the decision on it. */
    public record Row(Enrolment enrolment, String hostname, Map<String, String> labels, Instant requestedAt,
            Instant decidedAt, String decidedBy, String reason) {
    }

    /**
     * The enrolments of {@code hostIds} that exist, in one statement: one index lookup per id (joined instead, the
     * ids would be hashed against a scan of the whole table).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<String, Enrolment> forHosts(Collection<String> hostIds) {
        Map<String, Enrolment> found = new HashMap<>();
        rows(em.createNativeQuery("SELECT " + COLUMNS + " FROM unnest(CAST(?1 AS text[])) AS batch (id)"
                + " CROSS JOIN LATERAL (SELECT " + COLUMNS + " FROM host_enrolments WHERE host_id = batch.id) AS e")
                .setParameter(1, new TreeSet<>(hostIds).toArray(String[]::new)))
                .forEach(row -> found.put(row.enrolment().hostId(), row.enrolment()));
        return found;
    }

    /**
     * Writes what a message's verdict changed; {@code hostname} and {@code labels} are what the message said. A new
     * host's request is recorded only while fewer than {@code maxPending} hosts wait (counted through the status index).
     *
     * @return whether a row was written
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean write(Enrolment.Change change, Enrolment after, String hostname, Map<String, String> labels,
            int maxPending) {
        Query query = switch (change) {
            case ASK -> asked("""
                    INSERT INTO host_enrolments (host_id, public_key, status, hostname, labels, requested_at)
                    SELECT ?1, ?2, 'pending', ?3, CAST(?4 AS jsonb), now()
                    WHERE (SELECT count(*) FROM host_enrolments WHERE status = 'pending') < ?5
                    ON CONFLICT (host_id) DO NOTHING""",
                    after.publicKey(), hostname, labels).setParameter(5, maxPending);
            case ENROL -> asked("""
                    INSERT INTO host_enrolments (host_id, public_key, status, hostname, labels, requested_at,
                        decided_at, decided_by, reason)
                    VALUES (?1, ?2, 'accepted', ?3, CAST(?4 AS jsonb), now(), now(), 'enrol secret',
                        'presented the fleet''s enrol secret')
                    ON CONFLICT (host_id) DO UPDATE SET status = 'accepted', decided_at = now(),
                        decided_by = 'enrol secret', reason = EXCLUDED.reason
                    WHERE host_enrolments.status = 'pending' AND host_enrolments.public_key = EXCLUDED.public_key""",
                    after.publicKey(), hostname, labels);
            case BIND -> em.createNativeQuery("""
                    UPDATE host_enrolments SET public_key = ?2
                    WHERE host_id = ?1 AND public_key IS NULL AND status = 'accepted'""")
                    .setParameter(2, after.publicKey());
            case OFFER -> asked("""
                    UPDATE host_enrolments SET pending_public_key = ?2, hostname = ?3, labels = CAST(?4 AS jsonb),
                        requested_at = now()
                    WHERE host_id = ?1 AND public_key IS DISTINCT FROM ?2""",
                    after.pendingPublicKey(), hostname, labels);
        };
        return query.setParameter(1, after.hostId()).executeUpdate() > 0;
    }

    private Query asked(String sql, byte[] key, String hostname, Map<String, String> labels) {
        return em.createNativeQuery(sql).setParameter(2, key).setParameter(3, hostname)
                .setParameter(4, JsonColumns.text(labels == null ? Map.of() : labels));
    }

    /** Every enrolment, or those of one status; pending first, then by when they asked. */
    @Transactional
    public List<Row> list(Optional<EnrolmentStatus> status) {
        return rows(em.createNativeQuery("SELECT " + COLUMNS + " FROM host_enrolments"
                + " WHERE CAST(?1 AS text) IS NULL OR status = ?1"
                + " ORDER BY status <> 'pending', pending_public_key IS NULL, requested_at, host_id")
                .setParameter(1, status.map(EnrolmentStatus::word).orElse(null)));
    }

    /** The host's enrolment, locked for a decision on it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Row> lock(String hostId) {
        return rows(em.createNativeQuery("SELECT " + COLUMNS + " FROM host_enrolments WHERE host_id = ?1 FOR UPDATE")
                .setParameter(1, hostId)).stream().findFirst();
    }

    /** Records an admin's decision. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void decide(Enrolment decided, String by, String reason) {
        em.createNativeQuery("""
                UPDATE host_enrolments SET status = ?2, public_key = CAST(?3 AS bytea),
                    pending_public_key = CAST(?4 AS bytea), decided_at = now(),
                    decided_by = ?5, reason = ?6
                WHERE host_id = ?1""")
                .setParameter(1, decided.hostId()).setParameter(2, decided.status().word())
                .setParameter(3, decided.publicKey()).setParameter(4, decided.pendingPublicKey())
                .setParameter(5, by).setParameter(6, reason).executeUpdate();
    }

    @SuppressWarnings("unchecked")
    private static List<Row> rows(Query query) {
        return ((List<Object[]>) query.getResultList()).stream().map(r -> new Row(
                new Enrolment((String) r[0], EnrolmentStatus.of((String) r[1]), (byte[]) r[2], (byte[]) r[3]),
                (String) r[4], labels((String) r[5]), SqlTimes.instant(r[6]), SqlTimes.instant(r[7]),
                (String) r[8], (String) r[9])).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> labels(String json) {
        return json == null ? Map.of() : JsonColumns.read(json, Map.class);
    }
}
