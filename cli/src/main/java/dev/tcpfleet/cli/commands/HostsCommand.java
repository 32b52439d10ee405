package dev.tcpfleet.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpfleet.cli.ApiCommand;
import dev.tcpfleet.cli.render.Table;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "hosts", description = "List hosts: id, hostname, labels, last seen, whether stale.")
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
        Table table = new Table("ID", "HOSTNAME", "LABELS", "LAST SEEN", "STALE");
        for (JsonNode host : hosts) {
            table.row(Fields.text(host, "id"), Fields.text(host, "hostname"), Fields.labels(host.path("labels")),
                    Fields.ago(host, "lastSeen"), host.path("stale").asBoolean() ? "stale" : "");
        }
        return table.render();
    }
}
