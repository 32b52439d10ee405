package dev.tcpfleet.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpfleet.cli.ApiClient;
import dev.tcpfleet.cli.ApiCommand;
import dev.tcpfleet.cli.render.Table;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "hosts", description = "List hosts: id, hostname, labels, last seen, whether stale, enrolment."
        + " Its subcommands decide which hosts may report.",
        subcommands = {HostsCommand.Pending.class, HostsCommand.Enrolments.class, HostsCommand.Accept.class,
            HostsCommand.Reject.class,
            HostsCommand.Revoke.class})
public final class HostsCommand extends ApiCommand {
    @Option(names = "--selector", paramLabel = "LABELS",
            description = "only those a label selector picks, e.g. env=prod,role!=db")
    String selector;

    @Override
    public Integer call() {
        if (selector == null) {
            session().print(session().api().get("/api/hosts"), HostsCommand::table);
        } else {
            // stale hosts too: a listing shows them, marked, rather than hiding them
            String body = session().api().post("/api/hosts/select", Map.of("labels", selector,
                    "includeStale", true));
            session().print(body, selection -> table(selection.path("hosts")));
        }
        return 0;
    }

    private static String table(JsonNode hosts) {
        Table table = new Table("ID", "HOSTNAME", "LABELS", "LAST SEEN", "STALE", "ENROLMENT");
        for (JsonNode host : hosts) {
            table.row(Fields.text(host, "id"), Fields.text(host, "hostname"), Fields.labels(host.path("labels")),
                    Fields.ago(host, "lastSeen"), host.path("stale").asBoolean() ? "stale" : "",
                    Fields.text(host, "enrolment"));
        }
        return table.render();
    }

    /** Hosts' enrolments, those awaiting a decision first: compare each key's fingerprint with the agent's. */
    static String enrolments(JsonNode enrolments) {
        Table table = new Table("HOST", "STATUS", "KEY", "ASKS WITH KEY", "HOSTNAME", "LABELS", "ASKED");
        for (JsonNode enrolment : enrolments) {
            table.row(Fields.text(enrolment, "hostId"), Fields.text(enrolment, "status"),
                    Fields.text(enrolment, "fingerprint"), Fields.text(enrolment, "pendingFingerprint"),
                    Fields.text(enrolment, "hostname"), Fields.labels(enrolment.path("labels")),
                    Fields.ago(enrolment, "requestedAt"));
        }
        return table.render();
    }

    @Command(name = "pending", description = "Hosts that asked to report and await a decision.")
    static final class Pending extends ApiCommand {
        @Override
        public Integer call() {
            session().print(session().api().get("/api/enrolments?status=pending"), HostsCommand::enrolments);
            return 0;
        }
    }

    @Command(name = "enrolments", description = "Every host's enrolment, those awaiting a decision first (a pending"
            + " host, or a known one asking with a new key).")
    static final class Enrolments extends ApiCommand {
        @Option(names = "--status", paramLabel = "STATUS", description = "pending, accepted, rejected or revoked")
        String status;

        @Override
        public Integer call() {
            session().print(session().api().get("/api/enrolments" + ApiClient.query(ApiClient.params("status",
                    status))), HostsCommand::enrolments);
            return 0;
        }
    }

    /** What the three decisions share: the host, a reason, and the answer shown as one line. */
    abstract static class Decision extends ApiCommand {
        @Parameters(paramLabel = "HOST", description = "its id, or its hostname when no other enrolment has it")
        String host;

        @Option(names = "--reason", paramLabel = "TEXT", description = "why, kept with the decision")
        String reason;

        Integer decide(String decision, Map<String, Object> body) {
            body.put("reason", reason);
            String hostId = HostNames.resolveEnrolment(session(), host);
            String answer = session().api().post("/api/enrolments/" + ApiClient.segment(hostId) + "/" + decision,
                    body);
            session().print(answer, enrolment -> "host " + Fields.text(enrolment, "hostId") + ": "
                    + Fields.text(enrolment, "status") + ", key " + Fields.text(enrolment, "fingerprint")
                    + (enrolment.hasNonNull("pendingFingerprint")
                            ? ", asks with key " + Fields.text(enrolment, "pendingFingerprint") : "") + "\n");
            return 0;
        }
    }

    @Command(name = "accept", description = "Let a host report: a pending one, or a known one's new key (a"
            + " re-enrolment). Compare the fingerprint with the one its agent prints first.")
    static final class Accept extends Decision {
        @Option(names = "--fingerprint", paramLabel = "HEX",
                description = "accept only if the key waiting has this fingerprint (as `hosts pending` shows it)")
        String fingerprint;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("fingerprint", fingerprint);
            return decide("accept", body);
        }
    }

    @Command(name = "reject", description = "Refuse a pending host, or the new key a known host asks with.")
    static final class Reject extends Decision {
        @Override
        public Integer call() {
            return decide("reject", new LinkedHashMap<>());
        }
    }

    @Command(name = "revoke", description = "Refuse every message of a host from now on; it is never chosen again.")
    static final class Revoke extends Decision {
        @Override
        public Integer call() {
            return decide("revoke", new LinkedHashMap<>());
        }
    }
}
