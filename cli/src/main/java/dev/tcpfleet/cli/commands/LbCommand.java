package dev.tcpfleet.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpfleet.cli.ApiClient;
import dev.tcpfleet.cli.ApiCommand;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "lb", description = "A load-balancer config for a backend set, with the kernel warnings on stderr.")
public final class LbCommand extends ApiCommand {
    enum Kind { haproxy, nginx }

    @Parameters(paramLabel = "haproxy|nginx")
    Kind kind;

    @Option(names = "--file", required = true, paramLabel = "SPEC.json",
            description = "the spec, as POST /api/lb/* takes it (\"-\" for stdin)")
    Path file;

    @Option(names = "--standalone", description = "nginx: a whole nginx.conf instead of the http {} blocks")
    boolean standalone;

    @Override
    public Integer call() {
        if (standalone && kind != Kind.nginx) {
            throw usage("--standalone is for nginx");
        }
        String spec = jsonFile(file);
        String path = "/api/lb/" + kind + ApiClient.query(ApiClient.params("layout", standalone ? "standalone" : null));
        session().print(session().api().post(path, spec), view -> {
            for (JsonNode warning : view.path("warnings")) {
                session().err().println("warning: " + Fields.text(warning, "hostId") + ": "
                        + Fields.text(warning, "key", "") + " " + Fields.text(warning, "detail"));
            }
            return view.path("config").asText();
        });
        return 0;
    }
}
