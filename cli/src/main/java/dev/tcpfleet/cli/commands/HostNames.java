package dev.tcpfleet.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpfleet.cli.CliException;
import dev.tcpfleet.cli.ExitCodes;
import dev.tcpfleet.cli.Session;
import dev.tcpfleet.domain.text.Suggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Hosts as people name them: by id, or by hostname (or its first label, {@code vm} for {@code vm.example.com}) when
 * exactly one host has it, looked up in {@code GET /api/hosts}. A UUID is taken as an id without asking.
 */
final class HostNames {
    private static final Pattern UUID = Pattern.compile("\\p{XDigit}{8}(-\\p{XDigit}{4}){3}-\\p{XDigit}{12}");
    private static final String UUID_EXAMPLE = "0f8fad5b-d9cb-469f-a165-70867728950e";

    private HostNames() {
    }

    static String resolve(Session session, String given) {
        return resolve(session, List.of(given)).get(0);
    }

    /** Each of {@code given} as a host id, with at most one look-up of the hosts for all of them. */
    static List<String> resolve(Session session, List<String> given) {
        if (given.stream().allMatch(name -> UUID.matcher(name).matches())) {
            return given;
        }
        List<JsonNode> hosts = hosts(session);
        return given.stream().map(name -> UUID.matcher(name).matches() ? name : match(name, hosts)).toList();
    }

    /** The API's host views, for {@link #match(String, List)}. */
    static List<JsonNode> hosts(Session session) {
        return Fields.list(session.tree(session.api().get("/api/hosts")));
    }

    /**
     * {@code given} as the id of a host that asked to enrol, looked up in {@code GET /api/enrolments}: a pending host
     * is there before it reports, where {@code GET /api/hosts} does not list it yet.
     */
    static String resolveEnrolment(Session session, String given) {
        if (UUID.matcher(given).matches()) {
            return given;
        }
        return match(given, Fields.list(session.tree(session.api().get("/api/enrolments"))), "hostId",
                "tcpfleet hosts enrolments");
    }

    /** The id of the one host {@code given} names among {@code hosts} (the API's host views). */
    static String match(String given, List<JsonNode> hosts) {
        return match(given, hosts, "id", "tcpfleet hosts");
    }

    /** As {@link #match(String, List)}, among views with the host id in {@code idField}, as {@code listing} lists. */
    static String match(String given, List<JsonNode> hosts, String idField, String listing) {
        for (JsonNode host : hosts) {
            if (host.path(idField).asText().equals(given)) {
                return given;
            }
        }
        List<JsonNode> named = hosts.stream().filter(host -> hostname(host).equals(lower(given))).toList();
        if (named.isEmpty()) {
            named = hosts.stream().filter(host -> hostname(host).split("\\.")[0].equals(lower(given))).toList();
        }
        if (named.size() == 1) {
            return named.get(0).path(idField).asText();
        }
        if (named.size() > 1) {
            StringBuilder candidates = new StringBuilder();
            named.forEach(host -> candidates.append("\n  ").append(host.path(idField).asText()).append("  ")
                    .append(host.path("hostname").asText()));
            throw new CliException(ExitCodes.USAGE, "'" + given + "' names " + named.size()
                    + " hosts; give one of their ids:" + candidates);
        }
        List<String> known = new ArrayList<>();
        hosts.forEach(host -> {
            known.add(host.path(idField).asText());
            known.add(hostname(host));
        });
        String example = hosts.isEmpty() ? UUID_EXAMPLE : hosts.get(0).path(idField).asText();
        String guess = Suggestions.didYouMean(given, known);
        throw new CliException(ExitCodes.REFUSED, "no host named '" + given + "'" + (guess.isEmpty() ? ";" : guess)
                + " ids look like " + example + " (" + listing + " lists them)");
    }

    private static String hostname(JsonNode host) {
        return lower(host.path("hostname").asText());
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
