package dev.tcpfleet.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpfleet.cli.ApiCommand;
import dev.tcpfleet.cli.render.Table;
import picocli.CommandLine.Command;

@Command(name = "profiles", description = "List sysctl profiles, built-in ones included, at their newest version.")
public final class ProfilesCommand extends ApiCommand {
    @Override
    public Integer call() {
        session().print(session().api().get("/api/profiles"), profiles -> {
            Table table = new Table("NAME", "VERSION", "KEYS", "BUILT-IN", "DESCRIPTION");
            for (JsonNode profile : profiles) {
                table.row(Fields.text(profile, "name"), profile.path("version").asInt(),
                        profile.path("settings").size(), profile.path("builtIn").asBoolean() ? "yes" : "",
                        Fields.text(profile, "description"));
            }
            return table.render();
        });
        return 0;
    }
}
