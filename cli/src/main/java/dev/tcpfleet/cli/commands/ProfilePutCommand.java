package dev.tcpfleet.cli.commands;

import dev.tcpfleet.cli.ApiClient;
import dev.tcpfleet.cli.ApiCommand;
import dev.tcpfleet.cli.render.Table;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code profile put}: a profile created, or a version added when its content differs from the newest. */
@Command(name = "put", description = "Create a profile, or add a version when the file differs from the newest"
        + " (the same content again adds none).")
final class ProfilePutCommand extends ApiCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--file", required = true, paramLabel = "PROFILE.json", description = "as PUT /api/profiles/NAME"
            + " takes it: {\"description\": \"...\", \"settings\": {\"net.core.somaxconn\": \"4096\"}} (\"-\" for"
            + " stdin)")
    Path file;

    @Override
    public Map<String, String> flagsByField() {
        return Map.of("name", "NAME");
    }

    @Override
    public Integer call() {
        String body = jsonFile(file);
        session().print(session().api().put("/api/profiles/" + ApiClient.segment(name), body), profile -> {
            Table table = new Table("SYSCTL", "VALUE");
            profile.path("settings").fields().forEachRemaining(key -> table.row(key.getKey(), key.getValue().asText()));
            return "profile " + Fields.text(profile, "name") + " version " + Fields.text(profile, "version")
                    + ", stored " + Fields.text(profile, "createdAt") + "\n" + table.render();
        });
        return 0;
    }
}
