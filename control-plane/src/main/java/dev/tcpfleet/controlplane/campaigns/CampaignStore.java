package dev.tcpfleet.controlplane.campaigns;

import static dev.tcpfleet.controlplane.sql.SqlTimes.instant;
import static dev.tcpfleet.controlplane.sql.SqlTimes.utc;

import dev.tcpfleet.controlplane.sql.JsonColumns;
import dev.tcpfleet.protocol.stress.StressReport;
import dev.tcpfleet.protocol.stress.StressRequest;
import dev.tcpfleet.protocol.stress.StressResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Campaigns and each host's part in PostgreSQL, in plain SQL: the rows are few and read whole. */
@ApplicationScoped
public class CampaignStore {
    private final EntityManager em;

    CampaignStore(EntityManager em) {
        this.em = em;
    }

    /**
     * A campaign as stored: the test every host was sent, and when hosts must start and answer by.
     *
     * @param startedBy who started it, as {@link dev.tcpfleet.controlplane.auth.Actor#name}; null for one from before
     *                  attribution whose starter is unknown
     * @param actionId  the automation action that started it, else null
     */
    record StoredCampaign(String id, StressRequest test, Instant createdAt, Instant expiresAt, Instant deadline,
            Instant stoppedAt, String startedBy, String actionId) {
    }

    /** One host's part; {@code result} is null until it answers. */
    record HostRow(String hostId, String commandId, StressResult result) {
    }

    /**
     * Stores the campaign if {@code check} accepts it beside the campaigns running now. Campaigns are created one at
     * a time (a transaction-scoped advisory lock), so two requests cannot both fit under the budget only the first
     * leaves room for.
     */
    @Transactional
    public void insertIfFits(StoredCampaign campaign, Map<String, String> hostCommandIds,
            Consumer<List<CampaignGuardrails.Running>> check) {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext('tcpfleet-campaigns'))").getSingleResult();
        check.accept(running());
        em.createNativeQuery("""
                INSERT INTO campaigns (id, test, created_at, expires_at, deadline, started_by, action_id)
                VALUES (?1, CAST(?2 AS jsonb), ?3, ?4, ?5, ?6, ?7)""")
                .setParameter(1, campaign.id())
                .setParameter(2, JsonColumns.text(campaign.test()))
                .setParameter(3, utc(campaign.createdAt()))
                .setParameter(4, utc(campaign.expiresAt()))
                .setParameter(5, utc(campaign.deadline()))
                .setParameter(6, campaign.startedBy())
                .setParameter(7, campaign.actionId())
                .executeUpdate();
        int position = 0;
        for (Map.Entry<String, String> host : hostCommandIds.entrySet()) {
            em.createNativeQuery("""
                    INSERT INTO campaign_hosts (campaign_id, position, host_id, command_id)
                    VALUES (?1, ?2, ?3, ?4)""")
                    .setParameter(1, campaign.id())
                    .setParameter(2, position++)
                    .setParameter(3, host.getKey())
                    .setParameter(4, host.getValue())
                    .executeUpdate();
        }
    }

    /** Campaigns not stopped, before their deadline, with a host yet to answer. */
    public List<CampaignGuardrails.Running> running() {
        List<?> rows = em.createNativeQuery("""
                SELECT c.id, count(*), CAST(c.test ->> 'connections' AS integer)
                FROM campaigns c JOIN campaign_hosts h ON h.campaign_id = c.id
                WHERE c.stopped_at IS NULL AND c.deadline > now()
                GROUP BY c.id
                HAVING bool_or(h.result IS NULL)""").getResultList();
        return rows.stream().map(Object[].class::cast)
                .map(row -> new CampaignGuardrails.Running((String) row[0], ((Number) row[1]).intValue(),
                        ((Number) row[2]).intValue()))
                .toList();
    }

    /**
     * Stores a host's report on its row when the command id and the host both match; the first report stands, so
     * a redelivery, or a report by some other writer of the topic, changes nothing. Returns the campaign of the
     * row it answers; empty when nothing matched.
     */
    @Transactional
    public Optional<String> record(StressReport report) {
        em.createNativeQuery("""
                UPDATE campaign_hosts SET result = CAST(?3 AS jsonb), answered_at = now()
                WHERE command_id = ?1 AND host_id = ?2 AND result IS NULL""")
                .setParameter(1, report.commandId())
                .setParameter(2, report.hostId())
                .setParameter(3, JsonColumns.text(report.result()))
                .executeUpdate();
        return em.createNativeQuery("SELECT campaign_id FROM campaign_hosts WHERE command_id = ?1 AND host_id = ?2",
                        String.class)
                .setParameter(1, report.commandId())
                .setParameter(2, report.hostId())
                .getResultList().stream().findFirst();
    }

    /** Marks the campaign stopped; false when it already was. */
    @Transactional
    public boolean markStopped(String id) {
        return em.createNativeQuery("UPDATE campaigns SET stopped_at = now() WHERE id = ?1 AND stopped_at IS NULL")
                .setParameter(1, id)
                .executeUpdate() > 0;
    }

    public Optional<StoredCampaign> find(String id) {
        List<?> rows = em.createNativeQuery("""
                SELECT id, CAST(test AS text), created_at, expires_at, deadline, stopped_at, started_by, action_id
                FROM campaigns WHERE id = ?1""")
                .setParameter(1, id)
                .getResultList();
        return rows.stream().map(Object[].class::cast).findFirst()
                .map(row -> new StoredCampaign((String) row[0], JsonColumns.read((String) row[1], StressRequest.class),
                        instant(row[2]), instant(row[3]), instant(row[4]), row[5] == null ? null : instant(row[5]),
                        (String) row[6], (String) row[7]));
    }

    public List<HostRow> hosts(String campaignId) {
        List<?> rows = em.createNativeQuery("""
                SELECT host_id, command_id, CAST(result AS text)
                FROM campaign_hosts WHERE campaign_id = ?1 ORDER BY position""")
                .setParameter(1, campaignId)
                .getResultList();
        return rows.stream().map(Object[].class::cast)
                .map(row -> new HostRow((String) row[0], (String) row[1],
                        row[2] == null ? null : JsonColumns.read((String) row[2], StressResult.class)))
                .toList();
    }

    /** The ids of the newest campaigns, newest first. */
    public List<String> newestIds(int limit) {
        return em.createNativeQuery("SELECT id FROM campaigns ORDER BY created_at DESC, id LIMIT ?1", String.class)
                .setParameter(1, limit)
                .getResultList();
    }
}
