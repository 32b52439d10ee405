package dev.tcpfleet.agent;

import dev.tcpfleet.agent.local.LocalCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * {@code host-agent} with no arguments is the daemon; {@code analyze}, {@code monitor} and the other local commands
 * ({@link LocalCommand}) work alone on this host and return before Quarkus boots, so they need no broker, no
 * configuration and start in a blink.
 */
@QuarkusMain
public class AgentMain {
    public static void main(String... args) {
        if (args.length > 0) {
            // a typo such as "analyse" must not start the daemon
            System.exit(LocalCommand.run(args, System.out, System.err));
        }
        Quarkus.run(args);
    }
}
