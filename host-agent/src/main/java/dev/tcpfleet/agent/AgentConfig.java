package dev.tcpfleet.agent;

import dev.tcpfleet.agent.snapshot.CommandLines;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

    /** Where the agent keeps its id, its host key and its journals across restarts. */
    @WithDefault("/var/lib/tcpfleet-agent")
    Path stateDir();

    /** The /proc to read; another root only for tests. */
    @WithDefault("/proc")
    Path procRoot();

    /**
     * The control plane's Ed25519 public key, base64 X.509; without it the agent takes no commands, and cannot seal what
     * it publishes with the key it agrees with the control plane from it, so a control plane checking host identity
     * refuses its snapshots and results.
     */
    Optional<String> commandPublicKey();

    /**
     * The fleet's enrol secret: with it the control plane accepts this host at its first message instead of holding it
     * until an admin accepts it. Give it through the environment ({@code TCPFLEET_AGENT_ENROL_SECRET}) or
     * {@link #enrolSecretFile()}, never on a command line.
     */
    Optional<String> enrolSecret();

    /** A file (0600, else refused) holding the enrol secret, instead of {@link #enrolSecret()}. */
    Optional<Path> enrolSecretFile();

    /**
     * Where sysctls are written: another root for tests, or in a container the host's {@code /proc/sys/net} mounted
     * writable (a container's own /proc/sys is read-only; deploy/kubernetes).
     */
    @WithDefault("/proc/sys")
    Path procSysRoot();

    /** Root under which tcpfleet's etc/sysctl.d file lives; another root only for tests. */
    @WithDefault("/")
    Path sysctlFilesRoot();

    /** Tests the control plane asks for; the local {@code test} command has its own defaults. */
    Stress stress();

    /** Snapshots kept while the broker is unreachable. */
    Buffer buffer();

    /** What of each socket-holding process's command line a snapshot carries off the host. */
    Processes processes();

    interface Processes {
        /** {@code redacted}: the arguments with values that look secret removed; {@code executable}: that alone. */
        @WithDefault("redacted")
        CommandLines.Mode commandLine();

        /**
         * Names whose values are secret, added to {@link CommandLines#BUILT_IN_PATTERNS}: globs, any case, e.g.
         * {@code *dsn*,sig}.
         */
        Optional<List<String>> redactPatterns();
    }

    Shutdown shutdown();

    interface Buffer {
        /**
         * How many unsent snapshots are kept, oldest dropped first beyond it: 180 is half an hour at the 10 s
         * interval, about 1 MB at a few kilobytes per snapshot.
         */
        @WithDefault("180")
        int snapshots();
    }

    interface Shutdown {
        /**
         * On SIGTERM, how long the agent may take to finish the command in hand, send its result and unsent
         * snapshots before it stops anyway; what is left is read again or collected anew after the restart.
         */
        @WithDefault("15s")
        Duration drainTimeout();
    }

    /** Faults injected on purpose, to prove crash recovery end to end; all off by default. */
    Fault fault();

    interface Fault {
        /**
         * Halt the JVM, as a crash would (no shutdown hooks, nothing sent), right after an apply's sysctls are
         * written and its result journaled, before the result is published. Never on a real host.
         */
        @WithDefault("false")
        boolean haltAfterApply();
    }

    interface Stress {
        /**
         * The networks fleet tests may target, e.g. {@code 10.20.0.0/16,fd00::/8}; a target must be in one of them
         * and on one of {@link #allowPorts()}. Unset: this host refuses every fleet test.
         */
        Optional<List<String>> allowNetworks();

        /** The ports fleet tests may target, e.g. {@code 80,8000-8099}. Unset: every fleet test is refused. */
        Optional<List<String>> allowPorts();

        @WithDefault("10000")
        int maxConnections();

        @WithDefault("500")
        int maxConcurrency();

        /** Connections started per second. */
        @WithDefault("1000")
        int maxRate();

        @WithDefault("60s")
        Duration maxDuration();

        /** The share of free ephemeral ports, conntrack entries and descriptors one test may use. */
        @WithDefault("0.5")
        double headroomShare();
    }
}
