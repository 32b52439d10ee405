package dev.tcpfleet.controlplane.hosts;

import dev.tcpfleet.controlplane.errors.Refused;
import dev.tcpfleet.domain.alerts.HostFigures;
import dev.tcpfleet.domain.metrics.SnapshotMetric;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One page of the host table asked for: which hosts (a text search, a label selector, stale or not), in which order
 * (by id, hostname, last seen or a figure of the latest snapshot) and which slice of them. Pure: it checks the
 * request's parameters and says what to ask; {@link HostRegistry#page} turns it into SQL.
 *
 * @param text       a substring of the id, the hostname or a {@code key=value} label, any case; null for any host
 * @param labels     a label selector's terms, every one must hold; empty for any labels
 * @param stale      only stale hosts (true), only reporting ones (false), or both (null)
 * @param sort       what the hosts are ordered by
 * @param descending largest first; ties and hosts without the figure go last, by id
 */
record HostQuery(String text, List<HostSelector.LabelTerm> labels, Boolean stale, Sort sort, boolean descending,
        int limit, int offset) {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    /** Past a fleet's size: an offset beyond it is a client's mistake, not a page. */
    static final int MAX_OFFSET = 1_000_000;
    private static final int MAX_TEXT = 128;
    private static final Pattern PRINTABLE = Pattern.compile("[^\\p{Cntrl}]*");
    private static final List<String> COLUMNS = List.of("id", "hostname", "last_seen");

    /** A column of hosts ({@code column} set) or a figure of the host's latest snapshot ({@code figure} set). */
    public record Sort(String column, SnapshotMetric figure) {
        public String apiName() {
            return figure == null ? column : figure.apiName();
        }
    }

    /** The query from the request's parameters, each of which may be null; a bad one is refused naming it. */
    public static HostQuery of(String q, String selector, String stale, String sort, String order, String limit,
            String offset) {
        String text = q == null || q.isBlank() ? null : q.strip();
        if (text != null && (text.length() > MAX_TEXT || !PRINTABLE.matcher(text).matches())) {
            throw Refused.invalid("q", "q is a search text of at most " + MAX_TEXT + " printable characters");
        }
        List<HostSelector.LabelTerm> terms;
        try {
            terms = selector == null || selector.isBlank() ? List.of() : HostSelector.labels(selector);
        } catch (HostSelector.InvalidSelectorException e) {
            throw Refused.invalid("selector", e.getMessage());
        }
        Sort by = sort(sort == null ? "id" : sort);
        return new HostQuery(text, terms, stale(stale), by, descending(order, by), number("limit", limit,
                DEFAULT_LIMIT, MAX_LIMIT), number("offset", offset, 0, MAX_OFFSET));
    }

    private static Sort sort(String name) {
        if (COLUMNS.contains(name)) {
            return new Sort(name, null);
        }
        // only the figures host_figures stores can order the table
        Optional<SnapshotMetric> figure = SnapshotMetric.byApiName(name).filter(HostFigures.STORED_ORDER::contains);
        return figure.map(metric -> new Sort(null, metric)).orElseThrow(() -> Refused.invalid("sort", "sort '"
                + abbreviate(name) + "' is none of " + String.join(", ", COLUMNS) + " or a figure: "
                + HostFigures.STORED_ORDER.stream().map(SnapshotMetric::apiName).collect(Collectors.joining(", "))));
    }

    /** Figures read worst first unless asked otherwise; names and times from the start. */
    private static boolean descending(String order, Sort by) {
        if (order == null) {
            return by.figure() != null;
        }
        return switch (order.toLowerCase(Locale.ROOT)) {
            case "asc" -> false;
            case "desc" -> true;
            default -> throw Refused.invalid("order", "order is asc or desc");
        };
    }

    private static Boolean stale(String stale) {
        if (stale == null) {
            return null;
        }
        return switch (stale) {
            case "true" -> true;
            case "false" -> false;
            default -> throw Refused.invalid("stale", "stale is true (only stale hosts) or false (only reporting"
                    + " ones); leave it out for both");
        };
    }

    private static int number(String field, String value, int absent, int max) {
        if (value == null) {
            return absent;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= 0 && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // refused below, in the same words as one out of range
        }
        throw Refused.invalid(field, field + " is a whole number from 0 to " + max);
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
