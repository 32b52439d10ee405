package dev.tcpfleet.controlplane.hosts;

import dev.tcpfleet.controlplane.api.ApiException;
import dev.tcpfleet.protocol.HostIdentity;
import dev.tcpfleet.protocol.ProtocolJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The inventory of hosts, kept current by every snapshot that arrives. */
@ApplicationScoped
public class HostRegistry {
    private final EntityManager em;

    HostRegistry(EntityManager em) {
        this.em = em;
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

    public List<Host> all() {
        return Host.listAll(io.quarkus.panache.common.Sort.by("id"));
    }

    /** Which of {@code ids} are registered hosts. */
    public Set<String> known(Collection<String> ids) {
        return Host.<Host>list("id in ?1", ids).stream().map(host -> host.id).collect(Collectors.toSet());
    }

    /**
     * Refuses a request's list of host ids unless each is a well-formed id, listed once, of a registered host.
     *
     * @param field the list's name in the request, so that the 400 names {@code field[i]}
     */
    public void requireRegistered(String field, List<String> ids) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            String host = ids.get(i);
            if (host == null || host.isBlank()) {
                throw ApiException.badRequest(field + "[" + i + "]", "a host id cannot be empty");
            }
            if (!HostIdentity.isValidId(host)) {
                throw ApiException.badRequest(field + "[" + i + "]", "not a host id: ids match "
                        + HostIdentity.ID_PATTERN.pattern());
            }
            if (!seen.add(host)) {
                throw ApiException.badRequest(field + "[" + i + "]", "host '" + host + "' is listed twice");
            }
        }
        Set<String> registered = known(ids);
        for (int i = 0; i < ids.size(); i++) {
            if (!registered.contains(ids.get(i))) {
                throw ApiException.badRequest(field + "[" + i + "]", "host '" + ids.get(i)
                        + "' is not registered: it has never sent a snapshot");
            }
        }
    }

    /** The host, if {@code id} is one; a string no host id can be (NUL included) never reaches SQL. */
    public Optional<Host> find(String id) {
        return HostIdentity.isValidId(id) ? Host.findByIdOptional(id) : Optional.empty();
    }
}
