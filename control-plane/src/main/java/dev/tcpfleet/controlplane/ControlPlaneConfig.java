package dev.tcpfleet.controlplane;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "tcpfleet")
public interface ControlPlaneConfig {

    SnapshotQuery snapshotQuery();

    Commands commands();

    Hosts hosts();

    Campaigns campaigns();

    /**
     * Stress and latency campaigns. The agents hold their own allowlist and caps and check again: these bound what
     * the control plane sends, those what a host runs, whatever reaches it.
     */
    interface Campaigns {
        /** Networks a campaign may target, e.g. {@code 10.20.0.0/16}; unset: every campaign is refused. */
        Optional<List<String>> allowNetworks();

        /** Ports a campaign may target, e.g. {@code 80,8000-8099}; unset: every campaign is refused. */
        Optional<List<String>> allowPorts();

        /** Connections each host opens in one campaign. */
        @WithDefault("10000")
        int maxConnectionsPerHost();

        @WithDefault("500")
        int maxConcurrency();

        /** Connections each host starts per second. */
        @WithDefault("1000")
        int maxRate();

        @WithDefault("60s")
        Duration maxDuration();

        @WithDefault("100")
        int maxHosts();

        /** Connections all running campaigns may open together, hosts × connections summed: the fleet's flood cap. */
        @WithDefault("100000")
        long connectionBudget();

        @WithDefault("3")
        int maxRunning();

        /** A campaign whose failed connections exceed this share of those attempted is marked {@code warning}. */
        @WithDefault("0.10")
        double errorRateWarning();

        /** A host must start within this; after it the command is void, so a delayed test never starts late. */
        @WithDefault("1m")
        Duration startWithin();

        /** How long after its latest possible end a host's silence counts as timed out. */
        @WithDefault("30s")
        Duration answerGrace();

        @WithDefault("20")
        int defaultLimit();

        @WithDefault("100")
        int maxLimit();
    }

    /** The inventory. */
    interface Hosts {
        /**
         * A host that has not reported for this long is stale: fleet operations leave it out unless asked to
         * include it, since its state (and whether it would even receive a command) is unknown.
         */
        @WithDefault("2m")
        Duration staleAfter();
    }

    /** Bounds on raw snapshot queries, so one request cannot pull a month of rows. */
    interface SnapshotQuery {
        /** The window when a request gives no {@code from}. */
        @WithDefault("1h")
        Duration defaultRange();

        @WithDefault("31d")
        Duration maxRange();

        @WithDefault("500")
        int defaultLimit();

        @WithDefault("5000")
        int maxLimit();
    }

    /** Tuning commands sent to agents. */
    interface Commands {
        /**
         * Base64 PKCS#8 Ed25519 private key that signs every command; agents hold the public half. Without it the
         * command endpoints answer 503: an unsigned command would be refused by every agent anyway.
         */
        Optional<String> signingKey();

        /** How long a command stays valid; an agent refuses it afterwards, so a replayed backlog does nothing. */
        @WithDefault("10m")
        Duration ttl();

        /** The most hosts one request may address, so one typo cannot retune the whole fleet at once. */
        @WithDefault("1000")
        int maxHosts();

        /**
         * Partitions of the commands topic when the control plane creates it. Agents read only the partition their
         * host id hashes to, so more partitions mean fewer other hosts' commands read by each agent.
         */
        @WithDefault("64")
        int partitions();

        /** How long a request waits for the broker to take its commands before answering with them still pending. */
        @WithDefault("30s")
        Duration sendTimeout();

        /**
         * How often commands the broker refused or never acknowledged are looked for and sent again. Read by
         * CommandResender's schedule, which takes it from application.properties rather than from this default.
         */
        Duration resendInterval();

        @WithDefault("20")
        int defaultLimit();

        @WithDefault("100")
        int maxLimit();
    }

    /**
     * How long a failed write of a consumed message (a snapshot, a command result) waits before the next try (the
     * partition waits with it).
     */
    @WithDefault("5s")
    Duration ingestMaxBackoff();
}
