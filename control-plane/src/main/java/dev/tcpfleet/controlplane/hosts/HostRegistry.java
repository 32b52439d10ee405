package dev.tcpfleet.controlplane.hosts;

import dev.tcpfleet.controlplane.ControlPlaneConfig;
import dev.tcpfleet.controlplane.api.ApiException;
import dev.tcpfleet.protocol.HostIdentity;
import dev.tcpfleet.protocol.ProtocolJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The inventory of hosts, kept current by every snapshot that arrives. */
@ApplicationScoped
public class HostRegistry {
    private final EntityManager em;
    private final Duration staleAfter;

    HostRegistry(EntityManager em, ControlPlaneConfig config) {
        this.em = em;
        this.staleAfter = config.hosts().staleAfter();
    }

    /**
     * Registers the host or refreshes it. One statement, so two consumers racing on the same host
     * cannot both insert; hostname, labels and version follow the newest snapshot only, so a late
     * redelivery of an old one never turns them back.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordSeen(HostIdentity identity, Instant collectedAt) {
        OffsetDateTime seen = collectedAt.atOffset(ZoneOffset.UTC);
        em.createNativeQuery("""
                INSERT INTO hosts (id, hostname, labels, agent_version, first_seen, last_seen)
                VALUES (?1, ?2, CAST(?3 AS jsonb), ?4, ?5, ?5)
                ON CONFLICT (id) DO UPDATE SET
                    hostname      = CASE WHEN EXCLUDED.last_seen >= hosts.last_seen THEN EXCLUDED.hostname ELSE hosts.hostname END,
                    labels        = CASE WHEN EXCLUDED.last_seen >= hosts.last_seen THEN EXCLUDED.labels ELSE hosts.labels END,
                    agent_version = CASE WHEN EXCLUDED.last_seen >= hosts.last_seen THEN EXCLUDED.agent_version ELSE hosts.agent_version END,
                    first_seen    = LEAST(hosts.first_seen, EXCLUDED.first_seen),
                    last_seen     = GREATEST(hosts.last_seen, EXCLUDED.last_seen)
                """)
                .setParameter(1, identity.hostId())
                .setParameter(2, identity.hostname())
                .setParameter(3, new String(ProtocolJson.write(identity.labels()), java.nio.charset.StandardCharsets.UTF_8))
                .setParameter(4, identity.agentVersion())
                .setParameter(5, seen)
                .executeUpdate();
    }

    public Duration staleAfter() {
        return staleAfter;
    }

    /** Whether {@code host} has not reported for {@code tcpfleet.hosts.stale-after}. */
    public boolean isStale(Host host) {
        return host.lastSeen.isBefore(Instant.now().minus(staleAfter));
    }

    /**
     * The hosts {@code request} selects now among {@code hosts} (all of them, as {@link #all()} lists them); a
     * malformed selector is a 400 naming its field, under {@code field} when the selector is a request's member.
     */
    public HostSelector.Selection select(String field, SelectorRequest request, List<Host> hosts) {
        HostSelector selector;
        try {
            selector = request.selector();
        } catch (HostSelector.InvalidSelectorException e) {
            String named = field == null ? e.field() : e.field().equals("selector") ? field : field + "." + e.field();
            throw ApiException.badRequest(named, e.getMessage());
        }
        List<HostSelector.Candidate> candidates = hosts.stream()
                .map(host -> new HostSelector.Candidate(host.id, host.labels == null ? Map.of() : host.labels,
                        host.lastSeen))
                .toList();
        return selector.select(candidates, Instant.now(), staleAfter);
    }

    /**
     * The hosts a query of history reads: those the label selector {@code labels} picks, or every host when it is
     * null. Stale hosts count, since they reported in the past asked about.
     */
    public List<String> historical(String labels) {
        SelectorRequest selector = labels == null ? new SelectorRequest(null, null, true, true)
                : new SelectorRequest(null, labels, null, true);
        return select(null, selector, all()).selected();
    }

    public List<Host> all() {
        return Host.listAll(io.quarkus.panache.common.Sort.by("id"));
    }

    /** The host, if {@code id} is one; a string no host id can be (NUL included) never reaches SQL. */
    public Optional<Host> find(String id) {
        return HostIdentity.isValidId(id) ? Host.findByIdOptional(id) : Optional.empty();
    }
}
