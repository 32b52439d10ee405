package dev.tcpfleet.cli.commands;

import dev.tcpfleet.cli.ApiClient;
import dev.tcpfleet.cli.ApiCommand;
import dev.tcpfleet.cli.CliException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code profile versions}: a profile's history, a deleted profile's too. */
@Command(name = "versions", description = "Every version of a profile, oldest first: when stored, what it changed.")
final class ProfileVersionsCommand extends ApiCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
        String versions;
        try {
            versions = session().api().get("/api/profiles/" + ApiClient.segment(name) + "/versions");
        } catch (CliException refused) {
            // only asked once refused: the listing leaves deleted profiles out, whose versions are still served
            ProfileCommand.requireKnown(session(), name, null);
            throw refused;
        }
        session().print(versions, ProfileVersions::table);
        return 0;
    }
}
