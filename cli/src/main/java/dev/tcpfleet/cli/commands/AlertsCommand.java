package dev.tcpfleet.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpfleet.cli.ApiClient;
import dev.tcpfleet.cli.ApiCommand;
import dev.tcpfleet.cli.render.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "alerts", description = "Alerts: which rule, on what, since when, and whether silenced;"
        + " 'alerts rules' lists and changes the rules.", subcommands = AlertRulesCommand.class)
public final class AlertsCommand extends ApiCommand {
    @Option(names = "--status", paramLabel = "active|pending|firing|resolved",
            description = "default: every status")
    String status;

    @Override
    public Integer call() {
        String query = ApiClient.query(ApiClient.params("status", status));
        session().print(session().api().get("/api/alerts" + query), alerts -> {
            Table table = new Table("RULE", "SUBJECT", "STATUS", "SEVERITY", "METRIC", "VALUE", "THRESHOLD", "SINCE",
                    "SILENCED BY");
            for (JsonNode alert : alerts) {
                table.row(Fields.text(alert, "rule"), Fields.text(alert, "subject"), Fields.text(alert, "status"),
                        Fields.text(alert, "severity"), Fields.text(alert, "metric"), Fields.number(alert, "lastValue"),
                        Fields.number(alert, "threshold"), Fields.ago(alert, "since"), Fields.text(alert, "silencedBy"));
            }
            return table.render();
        });
        return 0;
    }
}
