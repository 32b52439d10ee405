package dev.tcpfleet.controlplane;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "tcpfleet")
public interface ControlPlaneConfig {

    SnapshotQuery snapshotQuery();

    History history();

    /** How long history is kept, and how far ahead its daily partitions are made. */
    interface History {
        /** Raw snapshots and their per-minute rollups older than this are dropped, a whole day at a time. */
        @WithDefault("30d")
        Duration retention();

        /** Per-hour rollups are kept longer: they are what a long-range trend reads. */
        @WithDefault("400d")
        Duration hourlyRetention();

        /** Days of snapshot partitions made ahead of time. */
        @WithDefault("7")
        int partitionsAhead();
    }

    Commands commands();

    Hosts hosts();

    Alerts alerts();

    /** Where alert changes go besides the alerts topic. */
    interface Alerts {
        /** An http(s) URL that firing and resolved alerts are posted to as JSON AlertEvents; none by default. */
        Optional<URI> webhookUrl();

        @WithDefault("5s")
        Duration webhookTimeout();

        /** Tries per event before it is given up (its last error stays recorded). */
        @WithDefault("8")
        int webhookMaxAttempts();

        /**
         * The wait after the first failed try; it doubles after each, up to 10 minutes (Alertmanager posts start from
         * it too, up to their resend interval).
         */
        @WithDefault("2s")
        Duration webhookBackoff();

        /** Alerts whose webhook posts are under way at once; each alert's own are posted one after another. */
        @WithDefault("4")
        int webhookConcurrency();

        /**
         * How often the outbox is delivered without being woken: the fallback for a missed notification, and when
         * webhook retries fall due. Read by AlertNotifier's schedule from application.properties.
         */
        Duration notifyInterval();

        /** How often silent hosts are looked for; read by StaleHostAlerts' schedule. */
        Duration staleCheckInterval();

        /**
         * How often the fleet rules' judge reads the figures that changed and judges the rules they cover; read by
         * FleetAlerts' schedule. A fleet alert moves about this long after the figure that moves it is stored (longer
         * while the lease passes to another instance).
         */
        Duration fleetInterval();

        Alertmanager alertmanager();
    }

    /** Alertmanager v2 endpoints that are kept told of firing and resolved alerts (see AlertmanagerDelivery). */
    interface Alertmanager {
        /** Base URLs (http or https), each posted to: more than one for an HA pair. None: off. */
        Optional<List<String>> urls();

        /** How often firing alerts are posted again: well within Alertmanager's resolve_timeout (5m by default). */
        @WithDefault("1m")
        Duration resend();

        @WithDefault("5s")
        Duration timeout();
    }

    /** Where operators reach this control plane, e.g. https://tcpfleet.example.com: links in alerts start with it. */
    Optional<URI> publicUrl();

    Rollouts rollouts();

    /** Staged rollouts and the bounds on them. */
    interface Rollouts {
        /** How often the driver advances every running rollout one step; read by RolloutDriver's schedule. */
        Duration tick();

        /** The most hosts one rollout may cover. */
        @WithDefault("1000")
        int maxHosts();

        /** Rollouts running, paused, rolling back or halted at once; each holds its hosts until it ends. */
        @WithDefault("5")
        int maxActive();

        @WithDefault("5m")
        Duration defaultBake();

        @WithDefault("1s")
        Duration minBake();

        @WithDefault("24h")
        Duration maxBake();

        /** How long a wave's hosts have to answer; one that has not by then fails the gate. */
        @WithDefault("2m")
        Duration answerTimeout();

        /** With missing data set to wait: how long past the bake a gate waits for it before failing. */
        @WithDefault("10m")
        Duration maxGateWait();

        /**
         * How many times an inconclusive verdict extends a wave's bake by the bake's length before the gate decides
         * as for missing data (fails, or with onMissingData wait, waits up to max-gate-wait and then fails).
         */
        @WithDefault("2")
        int maxBakeExtensions();
    }

    Judge judge();

    /** The canary judge (domain/judge/DESIGN.md) that rollout gates and automation's closed loop share. */
    interface Judge {
        /** Fewer baseline hosts with data than this: a before/after judgement of the canary, marked weaker. */
        @WithDefault("2")
        int minBaselineHosts();

        /** Fewer samples than this on either side of the comparison: inconclusive. */
        @WithDefault("6")
        int minSamples();

        /** The p-value below which the Mann-Whitney U test calls a difference significant. */
        @WithDefault("0.05")
        double alpha();

        /**
         * How long past its effect window the closed loop goes on judging an apply whose verdict is inconclusive
         * (its after window growing each tick) before it keeps the change as inconclusive.
         */
        @WithDefault("10m")
        Duration closedLoopMaxWait();
    }

    Automation automation();

    /** Alert-driven automation and its guardrails. */
    interface Automation {
        /** How often firing alerts are decided on, actions started and applies judged; read by the driver's schedule. */
        Duration tick();

        /** Hosts automation may change in any hour, all rules together: an alert storm cannot retune the fleet. */
        @WithDefault("20")
        int maxHostsPerHour();

        /**
         * The closed loop's and automated rollouts' minimum effect, as a share of the canary's figure before: a
         * smaller difference from the baseline is no difference. 30 %, as a gate check's default, for the same reason.
         */
        @WithDefault("0.30")
        double worseTolerance();

        /**
         * The minimum effect in the figure's own units (sockets, or events a second), whatever the share allows: 10 %
         * of no listen overflows is none, and one overflow would count.
         */
        @WithDefault("1")
        double worseFloor();

        /**
         * Rollouts automation may have active at once, fewer than tcpfleet.rollouts.max-active: an alert storm
         * leaves operators room for their own rollouts. Actions past it wait queued.
         */
        @WithDefault("3")
        int maxActiveRollouts();

        /** How long a proposal waits for an operator before it ends EXPIRED: an answer hours late acts on old news. */
        @WithDefault("1h")
        Duration proposalTtl();

        /**
         * How long an action may wait queued for room (the rollout cap, the hourly budget) before it ends EXPIRED,
         * counted from when it was queued. Longer than the hourly budget's window: an action queued for the budget
         * waits up to an hour for the changes before it to age out, and must still be there when they do.
         */
        @WithDefault("3h")
        Duration queueTtl();
    }

    Auth auth();

    /** API tokens. */
    interface Auth {
        /**
         * A secret stored (hashed) as the admin token {@code bootstrap} at start, to make the first tokens with;
         * changing it replaces that token's secret. Unset: only tokens already stored open the API.
         */
        Optional<String> bootstrapToken();

        /** How long a token found is trusted without asking the database: a revocation bites within it. */
        @WithDefault("5s")
        Duration cacheTtl();

        /** How long audit entries are kept; older ones are deleted hourly, so the trail cannot grow without end. */
        @WithDefault("400d")
        Duration auditRetention();

        /**
         * How often the counts of unauthenticated requests are added to the audit trail; read by RefusalAudit's
         * schedule. A crash loses at most this long's counts.
         */
        Duration refusalFlushInterval();
    }

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

    Changes changes();

    /** Change events (applies, rollbacks, confirms, campaigns) and the measured effect of each apply. */
    interface Changes {
        /**
         * After a host answers an apply, its snapshots collected for this long are what the apply's effect is
         * measured on: long enough for several snapshots and for connections of the old settings to drain.
         */
        @WithDefault("5m")
        Duration effectWindow();

        /** How long past the window snapshots collected in it may still be on their way; measuring waits for them. */
        @WithDefault("30s")
        Duration lateSnapshots();

        /** How often applies whose window has passed are measured; read by ApplyEffects' schedule. */
        Duration measureInterval();

        /** Applies measured per tick at most, so a backlog (such as the applies before this feature) is spread. */
        @WithDefault("100")
        int measureBatch();

        @WithDefault("200")
        int defaultLimit();

        @WithDefault("1000")
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

    Identity identity();

    /** Host identity: which hosts' messages are stored (see enrolment/HostAuthentication). */
    interface Identity {
        /**
         * The fleet's enrol secret: a host whose messages prove it holds it is accepted at its first message instead
         * of waiting for an admin. Unset: every new host waits.
         */
        Optional<String> enrolSecret();

        /** How far a snapshot's collectedAt may lie ahead of the broker's timestamp of its record. */
        @WithDefault("2m")
        Duration maxClockSkew();

        /**
         * How far it may lie behind: an agent holds up to 180 snapshots (30 minutes at 10 s) while the broker is
         * away and sends them late, so this must exceed its buffer's span; beyond it a snapshot is a replay.
         */
        @WithDefault("40m")
        Duration maxDeliveryDelay();

        /**
         * How many unknown hosts may wait for an admin at once. Anyone who can write the snapshot topic can make up
         * host ids and keys; past this, a new host's request is refused without being recorded, so the list an admin
         * reads stays usable and the table bounded.
         */
        @WithDefault("1000")
        int maxPending();
    }

    Metrics metrics();

    /** The fleet's figures in /q/metrics that are read from the database. */
    interface Metrics {
        /** How often they are read again: a scrape reads the figures last read, never the database. */
        @WithDefault("15s")
        Duration refresh();
    }

    Leases leases();

    /** Work done by one control plane at a time (see leases/Leases); the API and ingestion run on every one. */
    interface Leases {
        /**
         * This instance's name in the leases table: unique among the instances sharing the database. By default
         * the host name and a random id, new at each start.
         */
        @WithDefault("${HOSTNAME:control-plane}-${quarkus.uuid}")
        String instanceId();

        /** How long a lease lasts unless renewed: the longest a dead holder's work waits for another instance. */
        @WithDefault("15s")
        Duration duration();
    }

    /**
     * How long a failed write of a consumed message (a snapshot, a command result) waits before the next try (the
     * partition waits with it).
     */
    @WithDefault("5s")
    Duration ingestMaxBackoff();

    /**
     * Transactions a batch of snapshots is stored in side by side, split by host (a host's snapshots stay in one, in
     * order); as many as the machine has cores, at most 4, when not set. One keeps a batch in one transaction.
     */
    Optional<Integer> ingestParallelism();
}
