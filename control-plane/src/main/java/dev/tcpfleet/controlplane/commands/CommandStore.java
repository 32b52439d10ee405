package dev.tcpfleet.controlplane.commands;

import static dev.tcpfleet.controlplane.SqlTimes.instant;
import static dev.tcpfleet.controlplane.SqlTimes.utc;

import dev.tcpfleet.controlplane.JsonColumns;
import dev.tcpfleet.protocol.TuningResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Commands and their per-host rows in PostgreSQL, in plain SQL: the rows are small and read whole. */
@ApplicationScoped
public class CommandStore {
    private final EntityManager em;

    CommandStore(EntityManager em) {
        this.em = em;
    }

    /** A request as stored; {@code hostCommandIds} maps host id → that host's command id, in request order. */
    record StoredCommand(String id, String action, String profile, Integer profileVersion, boolean dryRun,
            String rollbackOf, Integer confirmWithinSeconds, String confirmOf, Instant createdAt, Instant expiresAt,
            Map<String, String> hostCommandIds) {
    }

    /** What storing a result did. */
    enum Recorded { STORED, ALREADY_STORED, UNMATCHED }

    /** A host's command the broker has not taken, as it was signed. */
    record Unsent(String hostId, String hostCommandId, byte[] signed) {
    }

    /** Stores a request and its per-host rows; {@code signed} maps host command id → the exact bytes to send. */
    @Transactional
    public void insert(StoredCommand command, Map<String, byte[]> signed) {
        em.createNativeQuery("""
                INSERT INTO commands (id, action, profile, profile_version, dry_run, rollback_of,
                                      confirm_within_seconds, confirm_of, created_at, expires_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)""")
                .setParameter(1, command.id())
                .setParameter(2, command.action())
                .setParameter(3, command.profile())
                .setParameter(4, command.profileVersion())
                .setParameter(5, command.dryRun())
                .setParameter(6, command.rollbackOf())
                .setParameter(7, command.confirmWithinSeconds())
                .setParameter(8, command.confirmOf())
                .setParameter(9, utc(command.createdAt()))
                .setParameter(10, utc(command.expiresAt()))
                .executeUpdate();
        int position = 0;
        for (Map.Entry<String, String> host : command.hostCommandIds().entrySet()) {
            em.createNativeQuery("""
                    INSERT INTO command_hosts (command_id, position, host_id, host_command_id, status, signed)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6)""")
                    .setParameter(1, command.id())
                    .setParameter(2, position++)
                    .setParameter(3, host.getKey())
                    .setParameter(4, host.getValue())
                    .setParameter(5, HostCommandStatus.PENDING.name())
                    .setParameter(6, new String(signed.get(host.getValue()), StandardCharsets.UTF_8))
                    .executeUpdate();
        }
    }

    /**
     * Marks a host's command as taken or refused by the broker. Only a row not yet taken moves: the agent's answer
     * can arrive before the broker's acknowledgement does, and must not be overwritten by it.
     */
    @Transactional
    public void markSent(String hostCommandId, HostCommandStatus status) {
        em.createNativeQuery("""
                UPDATE command_hosts SET status = ?2, updated_at = now()
                WHERE host_command_id = ?1 AND status IN ('PENDING', 'NOT_SENT')""")
                .setParameter(1, hostCommandId)
                .setParameter(2, status.name())
                .executeUpdate();
    }

    /**
     * Stores an agent's result on the row of the command it answers, when the id and the host both match. The
     * first result stands: an agent answers a command id once and repeats that answer on redelivery, so a
     * different later one for the same row is not the agent's and must not overwrite it. The one exception is
     * an apply awaiting confirmation, which the agent reports again, under the same id, when it reverts it.
     */
    @Transactional
    public Recorded recordResult(TuningResult result) {
        if (result.commandId() == null) {
            return Recorded.UNMATCHED;
        }
        int updated = em.createNativeQuery("""
                UPDATE command_hosts
                SET status = 'ANSWERED', outcome = ?3, result = CAST(?4 AS jsonb), updated_at = now()
                WHERE host_command_id = ?1 AND host_id = ?2
                  AND (result IS NULL
                       OR (outcome = 'APPLIED' AND result ->> 'confirmBy' IS NOT NULL
                           AND ?3 IN ('REVERTED', 'FAILED')))""")
                .setParameter(1, result.commandId())
                .setParameter(2, result.hostId())
                .setParameter(3, result.outcome().name())
                .setParameter(4, JsonColumns.text(result))
                .executeUpdate();
        if (updated > 0) {
            return Recorded.STORED;
        }
        List<?> existing = em.createNativeQuery(
                "SELECT 1 FROM command_hosts WHERE host_command_id = ?1 AND host_id = ?2")
                .setParameter(1, result.commandId())
                .setParameter(2, result.hostId())
                .getResultList();
        return existing.isEmpty() ? Recorded.UNMATCHED : Recorded.ALREADY_STORED;
    }

    public Optional<StoredCommand> find(String id) {
        List<?> rows = em.createNativeQuery("""
                SELECT id, action, profile, profile_version, dry_run, rollback_of, confirm_within_seconds,
                       confirm_of, created_at, expires_at
                FROM commands WHERE id = ?1""")
                .setParameter(1, id)
                .getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = (Object[]) rows.get(0);
        Map<String, String> hosts = new LinkedHashMap<>();
        for (HostRow host : hosts(id)) {
            hosts.put(host.hostId(), host.hostCommandId());
        }
        return Optional.of(new StoredCommand((String) row[0], (String) row[1], (String) row[2],
                row[3] == null ? null : ((Number) row[3]).intValue(), (Boolean) row[4], (String) row[5],
                row[6] == null ? null : ((Number) row[6]).intValue(), (String) row[7], instant(row[8]),
                instant(row[9]), hosts));
    }

    /** One host's row; {@code result} is null until the agent answers. */
    record HostRow(String hostId, String hostCommandId, HostCommandStatus status, TuningResult result) {
    }

    public List<HostRow> hosts(String commandId) {
        List<?> rows = em.createNativeQuery("""
                SELECT host_id, host_command_id, status, CAST(result AS text)
                FROM command_hosts WHERE command_id = ?1 ORDER BY position""")
                .setParameter(1, commandId)
                .getResultList();
        return rows.stream().map(Object[].class::cast)
                .map(row -> new HostRow((String) row[0], (String) row[1], HostCommandStatus.valueOf((String) row[2]),
                        row[3] == null ? null : JsonColumns.read((String) row[3], TuningResult.class)))
                .toList();
    }

    /**
     * Commands still valid that the broker refused, or that have waited for its acknowledgement since before
     * {@code pendingBefore} (the control plane may have stopped while sending them), oldest first.
     */
    @Transactional
    public List<Unsent> unsent(Instant pendingBefore, int limit) {
        List<?> rows = em.createNativeQuery("""
                SELECT h.host_id, h.host_command_id, h.signed
                FROM command_hosts h JOIN commands c ON c.id = h.command_id
                WHERE h.signed IS NOT NULL AND c.expires_at > now()
                  AND (h.status = 'NOT_SENT' OR (h.status = 'PENDING' AND h.updated_at < ?1))
                ORDER BY c.created_at, h.command_id, h.position
                LIMIT ?2""")
                .setParameter(1, utc(pendingBefore))
                .setParameter(2, limit)
                .getResultList();
        return rows.stream().map(Object[].class::cast)
                .map(row -> new Unsent((String) row[0], (String) row[1],
                        ((String) row[2]).getBytes(StandardCharsets.UTF_8)))
                .toList();
    }

    /** The ids of the newest commands, newest first. */
    public List<String> newestIds(int limit) {
        return em.createNativeQuery("SELECT id FROM commands ORDER BY created_at DESC, id LIMIT ?1", String.class)
                .setParameter(1, limit)
                .getResultList();
    }
}
