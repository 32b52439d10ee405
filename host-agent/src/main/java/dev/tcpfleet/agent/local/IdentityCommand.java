package dev.tcpfleet.agent.local;

import dev.tcpfleet.agent.identity.HostIdentityResolver;
import dev.tcpfleet.agent.identity.HostKeyFile;
import dev.tcpfleet.protocol.identity.HostKeys;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * {@code host-agent identity}: this host's id and its host key's fingerprint, read from the state folder without
 * starting the agent, for an admin to compare with what {@code tcpfleet hosts pending} shows before accepting it. It
 * makes nothing: before the agent's first start there is nothing to show. The agent's own environment
 * ({@code TCPFLEET_AGENT_STATE_DIR}, {@code TCPFLEET_AGENT_HOST_ID}) applies, so that run beside the agent it shows
 * what the agent uses. Exit codes: 0 shown, 1 nothing to show or unreadable, 2 bad arguments.
 */
final class IdentityCommand {
    static final String USAGE = """
                   host-agent identity [--state-dir D]
                                                  this host's id and host key fingerprint (D: the agent's
                                                  TCPFLEET_AGENT_STATE_DIR, else /var/lib/tcpfleet-agent)
            """;
    static final String DEFAULT_STATE_DIR = "/var/lib/tcpfleet-agent";

    private IdentityCommand() {
    }

    static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        Path stateDir = Path.of(environment.getOrDefault("TCPFLEET_AGENT_STATE_DIR", DEFAULT_STATE_DIR));
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--state-dir") && i + 1 < args.length) {
                stateDir = Path.of(args[++i]);
            } else {
                err.println("host-agent: " + (args[i].equals("--state-dir") ? "--state-dir needs a value"
                        : "unknown argument '" + args[i] + "' for identity"));
                err.print(LocalCommand.USAGE);
                return 2;
            }
        }
        try {
            Optional<String> hostId = HostIdentityResolver.existingHostId(
                    Optional.ofNullable(environment.get("TCPFLEET_AGENT_HOST_ID")), stateDir);
            if (hostId.isEmpty()) {
                err.println("host-agent: no host id in " + stateDir + " yet: the agent makes it at its first start");
                return 1;
            }
            HostKeys.Pair keys = HostKeyFile.load(stateDir);
            out.println("host id      " + hostId.get());
            out.println("fingerprint  " + HostKeys.fingerprint(keys.publicKey()));
            out.println("key file     " + stateDir.resolve(HostKeyFile.NAME));
            return 0;
        } catch (RuntimeException e) {
            err.println("host-agent: identity failed: " + e.getMessage());
            return 1;
        }
    }
}
