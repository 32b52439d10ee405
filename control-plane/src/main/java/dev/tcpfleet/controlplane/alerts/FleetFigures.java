package dev.tcpfleet.controlplane.alerts;

import dev.tcpfleet.domain.alerts.HostFigures;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.ProtocolJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every host's latest figures, in memory for fleet rules: aggregating over the fleet on each snapshot would
 * otherwise read one stored snapshot per host per snapshot that arrives. Loaded on first use from each host's
 * newest stored snapshot, so a restarted control plane aggregates what it had before; kept current by every
 * snapshot judged after that.
 *
 * <p>A snapshot's figures are taken in before its transaction commits. Should it roll back, the snapshot is
 * retried until it is stored (StoreRetry), so the figures held are still the ones that end up stored. With
 * several control planes sharing the snapshot topic, each would see only its own partitions' hosts move: fleet
 * rules assume one control plane consumes snapshots.
 */
@ApplicationScoped
public class FleetFigures {
    private final EntityManager em;
    private volatile Map<String, HostFigures> latest;

    FleetFigures(EntityManager em) {
        this.em = em;
    }

    /** Takes in the snapshots' figures (unless their host already has newer ones); returns every host's. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Collection<HostFigures> update(Collection<HostSnapshot> snapshots) {
        Map<String, HostFigures> figures = loaded();
        for (HostSnapshot snapshot : snapshots) {
            HostFigures arrived = HostFigures.of(snapshot);
            figures.merge(arrived.hostId(), arrived,
                    (held, fresh) -> fresh.collectedAt().isBefore(held.collectedAt()) ? held : fresh);
        }
        return figures.values();
    }

    private Map<String, HostFigures> loaded() {
        Map<String, HostFigures> figures = latest;
        if (figures == null) {
            synchronized (this) {
                if (latest == null) {
                    latest = load();
                }
                figures = latest;
            }
        }
        return figures;
    }

    /** Each host's newest snapshot: the one collected at its last_seen. */
    private Map<String, HostFigures> load() {
        List<?> bodies = em.createNativeQuery("SELECT CAST(s.body AS text) FROM hosts h"
                + " JOIN snapshots s ON s.host_id = h.id AND s.collected_at = h.last_seen").getResultList();
        Map<String, HostFigures> figures = new ConcurrentHashMap<>();
        for (Object body : bodies) {
            HostFigures host = HostFigures.of(ProtocolJson.readSnapshot(((String) body).getBytes(
                    StandardCharsets.UTF_8)));
            figures.put(host.hostId(), host);
        }
        return figures;
    }
}
