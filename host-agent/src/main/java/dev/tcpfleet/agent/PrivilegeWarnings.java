package dev.tcpfleet.agent;

import dev.tcpfleet.agent.procfs.Capabilities;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Says once at start what this agent cannot do for want of a capability (README, "Running it in your stack"), so
 * that a unit or manifest missing one is found in the log, not by the first apply rolled back.
 */
@Singleton
class PrivilegeWarnings {
    private static final Logger LOG = Logger.getLogger(PrivilegeWarnings.class);

    void start(@Observes StartupEvent event, AgentConfig config) {
        String status;
        try {
            status = Files.readString(config.procRoot().resolve("self/status"));
        } catch (IOException e) {
            return; // no /proc/self to read: the refusals themselves will say it
        }
        Capabilities.missing(status).forEach(LOG::warn);
    }
}
