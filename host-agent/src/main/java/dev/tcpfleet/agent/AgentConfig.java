package dev.tcpfleet.agent;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

@ConfigMapping(prefix = "tcpfleet.agent")
public interface AgentConfig {
    /** Fixed host id; by default one is generated on first start and kept in {@link #stateDir()}. */
    Optional<String> hostId();

    /** Reported hostname; by default the kernel's. */
    Optional<String> hostname();

    /** Labels for selectors, e.g. {@code tcpfleet.agent.labels.env=prod}. */
    Map<String, String> labels();

    /** How often a snapshot is published (also read by the scheduler from this key). */
    Duration interval();

    /** Where the agent keeps its id and journals across restarts. */
    @WithDefault("/var/lib/tcpfleet-agent")
    Path stateDir();

    /** The /proc to read; another root only for tests. */
    @WithDefault("/proc")
    Path procRoot();
}
