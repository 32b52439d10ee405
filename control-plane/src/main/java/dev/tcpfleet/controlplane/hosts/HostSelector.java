package dev.tcpfleet.controlplane.hosts;

import dev.tcpfleet.protocol.HostIdentity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Which hosts a fleet operation is for: a list of ids, a label selector ({@code env=prod,role=api}, every term
 * must hold; {@code key!=value} excludes), or every host. Exactly one of the three, so a request that forgot its
 * selector can never mean "all". Pure: it sees hosts as {@link Candidate}s and decides, nothing else.
 */
public final class HostSelector {
    private static final Pattern LABEL_PART = HostIdentity.LABEL_PATTERN;

    private final List<String> ids;
    private final List<LabelTerm> labels;
    private final boolean includeStale;

    /** One term of a label selector. */
    record LabelTerm(String key, String value, boolean negated) {
        boolean holds(Map<String, String> hostLabels) {
            return value.equals(hostLabels.get(key)) != negated;
        }
    }

    /** A selector the request got wrong; {@code field} names the part. */
    public static final class InvalidSelectorException extends IllegalArgumentException {
        private final String field;

        InvalidSelectorException(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** What the selector sees of a host. */
    public record Candidate(String id, Map<String, String> labels, Instant lastSeen) {
    }

    /**
     * The outcome of selecting.
     *
     * @param selected the hosts chosen, in id order (in request order for an id list)
     * @param stale    hosts that matched but have not reported within the staleness limit, left out unless asked for
     * @param unknown  ids the request listed that are not registered hosts
     */
    public record Selection(List<String> selected, List<String> stale, List<String> unknown) {
    }

    private HostSelector(List<String> ids, List<LabelTerm> labels, boolean includeStale) {
        this.ids = ids;
        this.labels = labels;
        this.includeStale = includeStale;
    }

    /**
     * A selector from a request's three alternatives, exactly one of which must be given: {@code hosts} (ids),
     * {@code labels} (a selector string) or {@code all} (true).
     */
    public static HostSelector of(List<String> hosts, String labels, Boolean all, boolean includeStale) {
        int given = (hosts != null ? 1 : 0) + (labels != null ? 1 : 0) + (Boolean.TRUE.equals(all) ? 1 : 0);
        if (given != 1) {
            throw new InvalidSelectorException("selector", "give exactly one of hosts (a list of ids), labels"
                    + " (e.g. \"env=prod,role=api\") or all (true)");
        }
        if (hosts != null) {
            return new HostSelector(ids(hosts), null, includeStale);
        }
        if (labels != null) {
            return new HostSelector(null, labels(labels), includeStale);
        }
        return new HostSelector(null, null, includeStale);
    }

    private static List<String> ids(List<String> hosts) {
        if (hosts.isEmpty()) {
            throw new InvalidSelectorException("hosts", "hosts is empty: list at least one host id");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < hosts.size(); i++) {
            String host = hosts.get(i);
            if (host == null || !HostIdentity.isValidId(host)) {
                throw new InvalidSelectorException("hosts[" + i + "]", "not a host id: ids match "
                        + HostIdentity.ID_PATTERN.pattern());
            }
            if (!seen.add(host)) {
                throw new InvalidSelectorException("hosts[" + i + "]", "host '" + host + "' is listed twice");
            }
        }
        return List.copyOf(hosts);
    }

    /** The terms of a label selector such as {@code env=prod,role!=db}; one that is none names the field labels. */
    static List<LabelTerm> labels(String selector) {
        List<LabelTerm> terms = new ArrayList<>();
        for (String term : selector.split(",", -1)) {
            String trimmed = term.strip();
            boolean negated = trimmed.contains("!=");
            String[] parts = trimmed.split(negated ? "!=" : "=", -1);
            if (parts.length != 2 || !LABEL_PART.matcher(parts[0].strip()).matches()
                    || !LABEL_PART.matcher(parts[1].strip()).matches()) {
                throw new InvalidSelectorException("labels", "'" + trimmed + "' is not a label term: write"
                        + " key=value or key!=value, terms separated by commas; keys and values are letters, digits"
                        + " and . _ / -");
            }
            terms.add(new LabelTerm(parts[0].strip(), parts[1].strip(), negated));
        }
        return List.copyOf(terms);
    }

    /** For a label selector (or all): whether a host with {@code hostLabels} matches it. */
    public boolean matchesLabels(Map<String, String> hostLabels) {
        return labels == null || labels.stream().allMatch(term -> term.holds(hostLabels));
    }

    /**
     * Chooses among {@code hosts}: those the selector matches, without the ones that have not reported since
     * {@code now - staleAfter} unless stale hosts were asked for.
     */
    public Selection select(List<Candidate> hosts, Instant now, Duration staleAfter) {
        Instant freshSince = now.minus(staleAfter);
        Map<String, Candidate> byId = new TreeMap<>();
        hosts.forEach(host -> byId.put(host.id(), host));
        List<String> unknown = new ArrayList<>();
        List<Candidate> matched = new ArrayList<>();
        if (ids != null) {
            for (String id : new LinkedHashSet<>(ids)) {
                Candidate host = byId.get(id);
                if (host == null) {
                    unknown.add(id);
                } else {
                    matched.add(host);
                }
            }
        } else {
            byId.values().stream()
                    .filter(host -> labels == null || labels.stream().allMatch(term -> term.holds(host.labels())))
                    .forEach(matched::add);
        }
        List<String> selected = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        for (Candidate host : matched) {
            boolean isStale = host.lastSeen().isBefore(freshSince);
            (isStale && !includeStale ? stale : selected).add(host.id());
        }
        return new Selection(List.copyOf(selected), List.copyOf(stale), List.copyOf(unknown));
    }
}
