package dev.tcpfleet.controlplane.commands;

import static dev.tcpfleet.controlplane.sql.SqlTimes.instant;
import static dev.tcpfleet.controlplane.sql.SqlTimes.utc;

import dev.tcpfleet.controlplane.sql.JsonColumns;
import dev.tcpfleet.protocol.TuningResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** Commands and their per-host rows in PostgreSQL, in plain SQL: the rows are small and read whole. */
@ApplicationScoped
public class CommandStore {
    private final EntityManager em;

    CommandStore(EntityManager em) {
        this.em = em;
    }

    /**
     * A request as stored; {@code hostCommandIds} maps host id → that host's command id, in request order.
     *
     * @param actor     who issued it ({@link dev.tcpfleet.controlplane.auth.Actor#name}); null for one issued before
     *                  attribution whose issuer is unknown
     * @param rolloutId the rollout whose wave it is, else null
     * @param actionId  the automation action it belongs to, else null
     */
    record StoredCommand(String id, String action, String profile, Integer profileVersion, boolean dryRun,
            String rollbackOf, Integer confirmWithinSeconds, String confirmOf, Instant createdAt, Instant expiresAt,
            Map<String, String> hostCommandIds, String actor, String rolloutId, String actionId) {
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
                                      confirm_within_seconds, confirm_of, created_at, expires_at, actor,
                                      rollout_id, action_id)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)""")
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
                .setParameter(11, command.actor())
                .setParameter(12, command.rolloutId())
                .setParameter(13, command.actionId())
                .executeUpdate();
        // one statement for all the hosts: a command may go to thousands
        List<String> hostIds = List.copyOf(command.hostCommandIds().keySet());
        List<String> hostCommandIds = List.copyOf(command.hostCommandIds().values());
        em.createNativeQuery("""
                INSERT INTO command_hosts (command_id, position, host_id, host_command_id, status, signed)
                SELECT ?1, position - 1, host_id, host_command_id, ?4, signed
                FROM unnest(CAST(?2 AS text[]), CAST(?3 AS text[]), CAST(?5 AS text[]))
                     WITH ORDINALITY AS host (host_id, host_command_id, signed, position)""")
                .setParameter(1, command.id())
                .setParameter(2, hostIds.toArray(String[]::new))
                .setParameter(3, hostCommandIds.toArray(String[]::new))
                .setParameter(4, HostCommandStatus.PENDING.name())
                .setParameter(5, hostCommandIds.stream()
                        .map(id -> new String(signed.get(id), StandardCharsets.UTF_8)).toArray(String[]::new))
                .executeUpdate();
    }

    /**
     * Marks hosts' commands as taken or refused by the broker. Only a row not yet taken moves: the agent's answer
     * can arrive before the broker's acknowledgement does, and must not be overwritten by it.
     */
    @Transactional
    public void markSent(List<String> hostCommandIds, HostCommandStatus status) {
        if (hostCommandIds.isEmpty()) {
            return;
        }
        String[] rows = lock(hostCommandIds);
        em.createNativeQuery("""
                UPDATE command_hosts c SET status = ?2, updated_at = now()
                WHERE c.ctid = ANY(CAST(?1 AS tid[])) AND c.status IN ('PENDING', 'NOT_SENT')""")
                .setParameter(1, rows)
                .setParameter(2, status.name())
                .executeUpdate();
    }

    /**
     * Locks the rows in id order before a statement that updates many: marking a command's hosts sent and storing
     * their answers run at once for a large command, and two updates taking the same rows in different orders would
     * deadlock.
     *
     * <p>Each id is looked up on its own, through the index. Matched with {@code = ANY(array)}, PostgreSQL may plan
     * the statement generically, as a scan testing each row against every id of the array in turn, which took a
     * minute for a command to 10,000 hosts; joined with the ids, it hashes a scan of the whole table, every command
     * ever sent (180 ms at 200,000 rows, against 77 ms by the index, and growing with the history).
     *
     * @return the rows' physical addresses, by which the update that follows finds them: PostgreSQL reads them
     *         directly once the table is large beside the ids, where a join would have gone on scanning it whole. A
     *         row this transaction has locked moves only when this transaction updates it.
     */
    private String[] lock(Collection<String> hostCommandIds) {
        return ((List<?>) em.createNativeQuery("""
                SELECT CAST(locked.row AS text) FROM unnest(CAST(?1 AS text[])) AS id (value)
                CROSS JOIN LATERAL (SELECT ctid AS row FROM command_hosts c WHERE c.host_command_id = id.value
                                    FOR UPDATE) AS locked""")
                .setParameter(1, new TreeSet<>(hostCommandIds).toArray(String[]::new))
                .getResultList()).toArray(String[]::new);
    }

    /**
     * Stores agents' results on the rows of the commands they answer, when the id and the host both match, and says
     * what each did, in order. The first result stands: an agent answers a command id once and repeats that answer on
     * redelivery, so a different later one for the same row is not the agent's and must not overwrite it. The one
     * exception is an apply awaiting confirmation, which the agent reports again, under the same id, when it reverts it.
     *
     * <p>One statement per round, the n-th round holding each row's n-th result of the batch (almost always there is
     * one round): a command to thousands of hosts brings thousands of results at once.
     */
    @Transactional
    public List<Recorded> recordResults(List<TuningResult> results) {
        Recorded[] recorded = new Recorded[results.size()];
        Map<List<String>, Integer> seen = new HashMap<>();
        List<List<Integer>> rounds = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            TuningResult result = results.get(i);
            if (result.commandId() == null) {
                recorded[i] = Recorded.UNMATCHED;
                continue;
            }
            int round = seen.merge(List.of(result.commandId(), result.hostId()), 1, Integer::sum) - 1;
            if (round == rounds.size()) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(round).add(i);
        }
        String[] locked = lock(seen.keySet().stream().map(key -> key.get(0)).toList());
        for (List<Integer> round : rounds) {
            List<TuningResult> answers = round.stream().map(results::get).toList();
            if (round != rounds.get(0)) { // the rows an earlier round updated have moved: where to, is asked again
                locked = lock(answers.stream().map(TuningResult::commandId).toList());
            }
            List<?> rows = em.createNativeQuery("""
                    WITH answer AS (
                        SELECT * FROM unnest(CAST(?1 AS text[]), CAST(?2 AS text[]), CAST(?3 AS text[]),
                                             CAST(?4 AS text[])) WITH ORDINALITY
                                      AS a (host_command_id, host_id, outcome, result, position)),
                    updated AS (
                        UPDATE command_hosts c
                        SET status = 'ANSWERED', outcome = a.outcome, result = CAST(a.result AS jsonb),
                            updated_at = now()
                        FROM answer a
                        WHERE c.ctid = ANY(CAST(?5 AS tid[]))
                          AND c.host_command_id = a.host_command_id AND c.host_id = a.host_id
                          AND (c.result IS NULL
                               OR (c.outcome = 'APPLIED' AND c.result ->> 'confirmBy' IS NOT NULL
                                   AND a.outcome IN ('REVERTED', 'FAILED')))
                        RETURNING c.host_command_id, c.host_id)
                    SELECT CASE
                        WHEN (a.host_command_id, a.host_id) IN (SELECT * FROM updated) THEN 'STORED'
                        WHEN EXISTS (SELECT 1 FROM command_hosts c
                                     WHERE c.host_command_id = a.host_command_id AND c.host_id = a.host_id)
                            THEN 'ALREADY_STORED'
                        ELSE 'UNMATCHED' END
                    FROM answer a ORDER BY a.position""")
                    .setParameter(1, answers.stream().map(TuningResult::commandId).toArray(String[]::new))
                    .setParameter(2, answers.stream().map(TuningResult::hostId).toArray(String[]::new))
                    .setParameter(3, answers.stream().map(r -> r.outcome().name()).toArray(String[]::new))
                    .setParameter(4, answers.stream().map(JsonColumns::text).toArray(String[]::new))
                    .setParameter(5, locked)
                    .getResultList();
            for (int j = 0; j < round.size(); j++) {
                recorded[round.get(j)] = Recorded.valueOf((String) rows.get(j));
            }
        }
        return List.of(recorded);
    }

    /** The action (apply, rollback, confirm) of the command each of {@code hostCommandIds} belongs to. */
    public Map<String, String> actionsOf(Collection<String> hostCommandIds) {
        Map<String, String> actions = new HashMap<>();
        for (Object row : em.createNativeQuery("""
                SELECT h.host_command_id, c.action FROM command_hosts h JOIN commands c ON c.id = h.command_id
                WHERE h.host_command_id = ANY(CAST(?1 AS text[]))""")
                .setParameter(1, hostCommandIds.toArray(String[]::new)).getResultList()) {
            Object[] columns = (Object[]) row;
            actions.put((String) columns[0], (String) columns[1]);
        }
        return actions;
    }

    public Optional<StoredCommand> find(String id) {
        List<?> rows = em.createNativeQuery("""
                SELECT id, action, profile, profile_version, dry_run, rollback_of, confirm_within_seconds,
                       confirm_of, created_at, expires_at, actor, rollout_id, action_id
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
                instant(row[9]), hosts, (String) row[10], (String) row[11], (String) row[12]));
    }

    /**
     * Which of {@code hostIds} were sent an apply or a rollback (not a dry run) created in {@code [from, to]}: hosts
     * a sibling change moved, unfit for a baseline.
     */
    @SuppressWarnings("unchecked")
    public List<String> hostsChangedBetween(Collection<String> hostIds, Instant from, Instant to) {
        if (hostIds.isEmpty()) {
            return List.of();
        }
        return em.createNativeQuery("""
                SELECT DISTINCT h.host_id FROM command_hosts h JOIN commands c ON c.id = h.command_id
                WHERE h.host_id = ANY(CAST(?1 AS text[])) AND c.action IN ('apply', 'rollback') AND NOT c.dry_run
                  AND c.created_at >= ?2 AND c.created_at <= ?3""")
                .setParameter(1, hostIds.toArray(String[]::new))
                .setParameter(2, utc(from))
                .setParameter(3, utc(to))
                .getResultList();
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
