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

    /** The control plane's Ed25519 public key, base64 X.509; without it the agent takes no commands. */
    Optional<String> commandPublicKey();

    /** Where sysctls are written; another root only for tests (the end-to-end proof uses the real one). */
    @WithDefault("/proc/sys")
    Path procSysRoot();

    /** Root under which tcpfleet's etc/sysctl.d file lives; another root only for tests. */
    @WithDefault("/")
    Path sysctlFilesRoot();
}
