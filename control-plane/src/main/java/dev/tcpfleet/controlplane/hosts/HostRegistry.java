package dev.tcpfleet.controlplane.hosts;

import dev.tcpfleet.controlplane.errors.Refused;
import dev.tcpfleet.controlplane.ControlPlaneConfig;
import dev.tcpfleet.controlplane.sql.JsonColumns;
import dev.tcpfleet.controlplane.sql.SqlTimes;
import dev.tcpfleet.domain.alerts.HostFigures;
import dev.tcpfleet.domain.ingest.SnapshotBatch;
import dev.tcpfleet.protocol.HostIdentity;
import dev.tcpfleet.protocol.ProtocolJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The inventory of hosts, kept current by every snapshot that arrives. */
@ApplicationScoped
public class HostRegistry {
    /** Labels as an object: a legacy row may hold a JSON null instead of no labels. */
    private static final String LABELS = "coalesce(NULLIF(h.labels, 'null'::jsonb), '{}'::jsonb)";
    private static final String HOSTS_COLUMNS = "SELECT h.id, h.hostname, CAST(" + LABELS + " AS text),"
            + " h.agent_version, h.first_seen, h.last_seen, e.status";
    /** A host with its enrolment's status: null while it has none (the row is the enrolment feature's). */
    private static final String HOSTS = HOSTS_COLUMNS + " FROM hosts h LEFT JOIN host_enrolments e ON e.host_id = h.id\n";

    /**
     * The hosts a {@link HostQuery} picks: ?1 a LIKE pattern ('' for any), ?2 label terms that must hold and ?3 those
     * that must not (one-pair objects), ?4 'any', 'stale' or 'fresh' against ?5, the stale cutoff. Plain conditions on
     * the row, not subqueries, so PostgreSQL estimates them and hashes the joins (EXPLAIN in bench/hosttable.sh's log).
     */
    private static final String PAGE_FROM = """
            FROM hosts h LEFT JOIN host_enrolments e ON e.host_id = h.id LEFT JOIN host_figures f ON f.host_id = h.id
            WHERE (?1 = '' OR h.id ILIKE ?1 OR h.hostname ILIKE ?1
                    OR EXISTS (SELECT 1 FROM jsonb_each_text(%1$s) l WHERE l.key || '=' || l.value ILIKE ?1))
                AND %1$s @> ALL (CAST(CAST(?2 AS text[]) AS jsonb[]))
                AND NOT %1$s @> ANY (CAST(CAST(?3 AS text[]) AS jsonb[]))
                AND (?4 = 'any' OR (h.last_seen < ?5) = (?4 = 'stale'))
            """.formatted(LABELS);

    private final EntityManager em;
    private final Duration staleAfter;

    HostRegistry(EntityManager em, ControlPlaneConfig config) {
        this.em = em;
        this.staleAfter = config.hosts().staleAfter();
    }

    /**
     * Registers the hosts a batch saw or refreshes them, in one statement, so two consumers racing on the same host
     * cannot both insert; hostname, labels and version follow the newest snapshot only, so a late redelivery of an
     * old one never turns them back, and last_seen never goes back.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordSeen(List<SnapshotBatch.Sighting> sightings) {
        if (sightings.isEmpty()) {
            return;
        }
        em.createNativeQuery("""
                INSERT INTO hosts (id, hostname, labels, agent_version, first_seen, last_seen)
                SELECT id, hostname, CAST(labels AS jsonb), agent_version, first_seen, last_seen
                FROM unnest(CAST(?1 AS text[]), CAST(?2 AS text[]), CAST(?3 AS text[]), CAST(?4 AS text[]),
                            CAST(CAST(?5 AS text[]) AS timestamptz[]), CAST(CAST(?6 AS text[]) AS timestamptz[]))
                    AS seen (id, hostname, labels, agent_version, first_seen, last_seen)
                ON CONFLICT (id) DO UPDATE SET
                    hostname      = CASE WHEN EXCLUDED.last_seen >= hosts.last_seen THEN EXCLUDED.hostname ELSE hosts.hostname END,
                    labels        = CASE WHEN EXCLUDED.last_seen >= hosts.last_seen THEN EXCLUDED.labels ELSE hosts.labels END,
                    agent_version = CASE WHEN EXCLUDED.last_seen >= hosts.last_seen THEN EXCLUDED.agent_version ELSE hosts.agent_version END,
                    first_seen    = LEAST(hosts.first_seen, EXCLUDED.first_seen),
                    last_seen     = GREATEST(hosts.last_seen, EXCLUDED.last_seen)
                """)
                .setParameter(1, column(sightings, s -> s.identity().hostId()))
                .setParameter(2, column(sightings, s -> s.identity().hostname()))
                .setParameter(3, column(sightings, s -> new String(ProtocolJson.write(s.identity().labels()),
                        StandardCharsets.UTF_8)))
                .setParameter(4, column(sightings, s -> s.identity().agentVersion()))
                .setParameter(5, column(sightings, s -> s.firstSeen().toString()))
                .setParameter(6, column(sightings, s -> s.lastSeen().toString()))
                .executeUpdate();
    }

    private static String[] column(List<SnapshotBatch.Sighting> sightings,
            Function<SnapshotBatch.Sighting, String> value) {
        return sightings.stream().map(value).toArray(String[]::new);
    }

    public Duration staleAfter() {
        return staleAfter;
    }

    /** Whether {@code host} has not reported for {@code tcpfleet.hosts.stale-after}. */
    public boolean isStale(Host host) {
        return host.lastSeen().isBefore(Instant.now().minus(staleAfter));
    }

    /**
     * The hosts {@code request} selects now among {@code hosts} (all of them, as {@link #all()} lists them); a
     * malformed selector is a 400 naming its field, under {@code field} when the selector is a request's member.
     * Only accepted hosts are chosen (see enrolment/): a pending, rejected or revoked one is never sent a command or
     * rendered into a load balancer, and naming one is a 400.
     */
    public HostSelector.Selection select(String field, SelectorRequest request, List<Host> hosts) {
        HostSelector selector = selector(field, request);
        Map<String, Host> refused = hosts.stream().filter(host -> !host.accepted())
                .collect(Collectors.toMap(Host::id, Function.identity()));
        if (request.hosts() != null) {
            for (int i = 0; i < request.hosts().size(); i++) {
                Host host = refused.get(request.hosts().get(i));
                if (host != null) {
                    throw Refused.invalid((field == null ? "" : field + ".") + "hosts[" + i + "]", "host '"
                            + host.id() + "' is " + host.enrolment() + ": only accepted hosts may be chosen");
                }
            }
        }
        return choose(selector, hosts.stream().filter(Host::accepted).toList());
    }

    private static HostSelector selector(String field, SelectorRequest request) {
        try {
            return request.selector();
        } catch (HostSelector.InvalidSelectorException e) {
            String named = field == null ? e.field() : e.field().equals("selector") ? field : field + "." + e.field();
            throw Refused.invalid(named, e.getMessage());
        }
    }

    private HostSelector.Selection choose(HostSelector selector, List<Host> hosts) {
        List<HostSelector.Candidate> candidates = hosts.stream()
                .map(host -> new HostSelector.Candidate(host.id(), host.labels(), host.lastSeen()))
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
        return choose(selector(null, selector), all()).selected();
    }

    /** The hosts last seen before {@code cutoff}, with when, in id order. */
    @SuppressWarnings("unchecked")
    public Map<String, Instant> silentSince(Instant cutoff) {
        Map<String, Instant> silent = new LinkedHashMap<>();
        ((List<Object[]>) em.createNativeQuery("SELECT id, last_seen FROM hosts WHERE last_seen < ?1 ORDER BY id")
                .setParameter(1, SqlTimes.utc(cutoff)).getResultList())
                .forEach(row -> silent.put((String) row[0], SqlTimes.instant(row[1])));
        return silent;
    }

    /** The hostname each of {@code ids} last reported, in one query; an id no host has is left out. */
    @SuppressWarnings("unchecked")
    public Map<String, String> hostnames(Collection<String> ids) {
        Map<String, String> hostnames = new HashMap<>();
        ((List<Object[]>) em.createNativeQuery("SELECT id, hostname FROM hosts WHERE id = ANY(CAST(?1 AS text[]))")
                .setParameter(1, ids.toArray(new String[0])).getResultList())
                .forEach(row -> hostnames.put((String) row[0], (String) row[1]));
        return hostnames;
    }

    /** Every host, in id order. */
    public List<Host> all() {
        return hosts(em.createNativeQuery(HOSTS + "ORDER BY h.id"));
    }

    /** The host, if {@code id} is one; a string no host id can be (NUL included) never reaches SQL. */
    public Optional<Host> find(String id) {
        return HostIdentity.isValidId(id)
                ? hosts(em.createNativeQuery(HOSTS + "WHERE h.id = ?1").setParameter(1, id)).stream().findFirst()
                : Optional.empty();
    }

    /**
     * One page of the host table and how many hosts the query picks, in two statements. Cost at 10,000 hosts
     * (bench/hosttable.sh): the count and a top-N sort of the picked rows, a few milliseconds, whichever the order.
     * No index serves the figures' order on purpose: host_figures is rewritten in place (HOT, V23) on every snapshot,
     * which an index on its figures would stop; the sort is bounded by the fleet's size and the page's limit.
     */
    @SuppressWarnings("unchecked")
    public HostPage page(HostQuery query) {
        Instant cutoff = Instant.now().minus(staleAfter);
        Object[] counts = (Object[]) bind(em.createNativeQuery("SELECT count(*), count(*) FILTER (WHERE h.last_seen"
                + " < ?5) " + PAGE_FROM), query, cutoff).getSingleResult();
        HostQuery.Sort sort = query.sort();
        String figure = sort.figure() == null ? "CAST(NULL AS float8)"
                : "f.figures[" + HostFigures.storedPosition(sort.figure()) + "]";
        String orderBy = (sort.figure() == null ? "h." + sort.column() : figure)
                + (query.descending() ? " DESC" : " ASC") + " NULLS LAST, h.id";
        List<Object[]> rows = bind(em.createNativeQuery(HOSTS_COLUMNS + ", " + figure + " " + PAGE_FROM
                + "ORDER BY " + orderBy + " LIMIT ?6 OFFSET ?7"), query, cutoff)
                .setParameter(6, query.limit()).setParameter(7, query.offset()).getResultList();
        return new HostPage(((Number) counts[0]).longValue(), ((Number) counts[1]).longValue(), rows.stream()
                .map(r -> new HostPage.Row(host(r), r[7] == null ? null : ((Number) r[7]).doubleValue())).toList());
    }

    private static Query bind(Query statement, HostQuery query, Instant cutoff) {
        return statement
                .setParameter(1, query.text() == null ? "" : "%" + query.text().replace("\\", "\\\\")
                        .replace("%", "\\%").replace("_", "\\_") + "%")
                .setParameter(2, terms(query, false))
                .setParameter(3, terms(query, true))
                .setParameter(4, query.stale() == null ? "any" : query.stale() ? "stale" : "fresh")
                .setParameter(5, SqlTimes.utc(cutoff));
    }

    private static String[] terms(HostQuery query, boolean negated) {
        return query.labels().stream().filter(term -> term.negated() == negated)
                .map(term -> JsonColumns.text(Map.of(term.key(), term.value()))).toArray(String[]::new);
    }

    @SuppressWarnings("unchecked")
    private static List<Host> hosts(Query query) {
        return ((List<Object[]>) query.getResultList()).stream().map(HostRegistry::host).toList();
    }

    private static Host host(Object[] r) {
        return new Host((String) r[0], (String) r[1],
                Collections.unmodifiableMap(JsonColumns.read((String) r[2], Map.class)), (String) r[3],
                SqlTimes.instant(r[4]), SqlTimes.instant(r[5]), (String) r[6]);
    }
}
