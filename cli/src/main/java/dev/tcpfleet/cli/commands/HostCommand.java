package dev.tcpfleet.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpfleet.cli.ApiClient;
import dev.tcpfleet.cli.ApiCommand;
import dev.tcpfleet.cli.render.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "host", description = "A host's latest snapshot: sockets per state, busiest ports, listeners,"
        + " destinations, findings, drift.")
public final class HostCommand extends ApiCommand {
    @Parameters(paramLabel = "HOST", description = "the host's id, or its hostname when no other host has it")
    String id;

    @Override
    public Integer call() {
        String hostId = HostNames.resolve(session(), id);
        session().print(session().api().get("/api/hosts/" + ApiClient.segment(hostId) + "/snapshots/latest"),
                HostCommand::render);
        return 0;
    }

    static String render(JsonNode view) {
        JsonNode snapshot = view.path("snapshot");
        JsonNode host = snapshot.path("host");
        StringBuilder text = new StringBuilder();
        text.append("host ").append(Fields.text(host, "hostId")).append(" (").append(Fields.text(host, "hostname"))
                .append(")  labels ").append(Fields.labels(host.path("labels"))).append("  agent ")
                .append(Fields.text(host, "agentVersion")).append('\n');
        text.append("collected ").append(Fields.text(snapshot, "collectedAt")).append(" (")
                .append(Fields.ago(snapshot, "collectedAt")).append(")\n");

        Table states = new Table("STATE", "SOCKETS");
        snapshot.path("tcpStates").fields().forEachRemaining(state ->
                states.row(state.getKey(), state.getValue().asLong()));
        section(text, "TCP states", states);

        Table ports = new Table("PORT", "SOCKETS");
        snapshot.path("topPorts").forEach(port -> ports.row(port.path("port").asInt(), port.path("total").asLong()));
        section(text, "Busiest local ports", ports);

        Table listeners = new Table("ADDRESS", "PORT", "ACCEPT QUEUE", "BACKLOG");
        snapshot.path("listeners").forEach(listener -> listeners.row(Fields.text(listener, "address"),
                listener.path("port").asInt(), Fields.number(listener, "acceptQueue"),
                Fields.number(listener, "backlog")));
        section(text, "Listeners", listeners);

        Table destinations = new Table("ADDRESS", "PORT", "SOCKETS");
        snapshot.path("topDestinations").forEach(destination -> destinations.row(Fields.text(destination, "address"),
                destination.path("port").asInt(), destination.path("total").asLong()));
        section(text, "Busiest destinations", destinations);

        Table findings = new Table("SEVERITY", "FINDING", "SUBJECT", "EVIDENCE", "ACTION");
        snapshot.path("findings").forEach(finding -> findings.row(Fields.text(finding, "severity"),
                Fields.text(finding, "code"), Fields.text(finding, "subject"), Fields.text(finding, "evidence"),
                Fields.text(finding, "action")));
        section(text, "Findings", findings);

        Table drift = new Table("SYSCTL", "APPLIED", "LIVE");
        snapshot.path("drift").fields().forEachRemaining(key -> drift.row(key.getKey(),
                Fields.text(key.getValue(), "applied"), Fields.text(key.getValue(), "live")));
        section(text, "Drift from what tcpfleet applied", drift);
        return text.toString();
    }

    private static void section(StringBuilder text, String title, Table table) {
        text.append('\n').append(title).append('\n').append(table.render());
    }
}
