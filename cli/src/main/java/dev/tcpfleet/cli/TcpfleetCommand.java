package dev.tcpfleet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpfleet.cli.commands.AlertsCommand;
import dev.tcpfleet.cli.commands.AutomationCommand;
import dev.tcpfleet.cli.commands.CampaignCommand;
import dev.tcpfleet.cli.commands.CommandCommand;
import dev.tcpfleet.cli.commands.HostCommand;
import dev.tcpfleet.cli.commands.HostsCommand;
import dev.tcpfleet.cli.commands.LbCommand;
import dev.tcpfleet.cli.commands.ProfileCommand;
import dev.tcpfleet.cli.commands.ProfilesCommand;
import dev.tcpfleet.cli.commands.RolloutCommand;
import dev.tcpfleet.cli.commands.SilenceCommand;
import dev.tcpfleet.cli.commands.TrendCommand;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

@Command(name = "tcpfleet", sortOptions = false,
        description = "Operate a tcpfleet fleet through its control plane's REST API.",
        subcommands = {HostsCommand.class, HostCommand.class, ProfilesCommand.class, ProfileCommand.class,
            CommandCommand.class, RolloutCommand.class, CampaignCommand.class, AlertsCommand.class,
            SilenceCommand.class, AutomationCommand.class, TrendCommand.class, LbCommand.class},
        footer = {"", "The API URL and token come from --api and --token, else from TCPFLEET_API and",
            "TCPFLEET_TOKEN, else from the config file (TCPFLEET_CONFIG, by default",
            "~/.config/tcpfleet/config): `api = URL` and `token = SECRET` lines, the file",
            "readable by its owner only. The API defaults to " + Connection.DEFAULT_API + "."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:success",
            "1:the API refused the request (4xx): its message is printed",
            "2:usage or configuration error",
            "3:the API is unreachable, failed (5xx) or answered nonsense",
            "4:what the command waited for failed: a rollout ROLLED_BACK or HALTED, a host's apply FAILED,"
                + " REJECTED or never answered, a campaign that no host ran",
            "5:gave up waiting at --timeout (what was started goes on)"})
public final class TcpfleetCommand extends CommandGroup {
    enum Output { table, json }

    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "this help")
    boolean help;

    @Option(names = "--api", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "the control plane, e.g. https://tcpfleet.example:8080")
    String api;

    @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN", description = "an API token (tf_...)")
    String token;

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "FORMAT",
            description = "table (the default) or json: the API's JSON as it came")
    Output output = Output.table;

    private final Map<String, String> env;
    private final Path home;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean terminal;
    private Session session;

    TcpfleetCommand(Map<String, String> env, Path home, PrintWriter out, PrintWriter err, boolean terminal) {
        this.env = env;
        this.home = home;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    /** Made on first use, so --help needs no configuration. */
    Session session() {
        if (session == null) {
            ApiClient client = new ApiClient(Connection.resolve(api, token, env, home), new ObjectMapper());
            session = new Session(client, output == Output.json, terminal, out, err);
        }
        return session;
    }
}
