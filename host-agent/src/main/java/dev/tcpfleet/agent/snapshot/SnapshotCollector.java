package dev.tcpfleet.agent.snapshot;

import dev.tcpfleet.agent.procfs.HostLimitsReader;
import dev.tcpfleet.agent.procfs.ListenBacklogs;
import dev.tcpfleet.agent.procfs.LoadAverageReader;
import dev.tcpfleet.agent.procfs.NetCounterReader;
import dev.tcpfleet.agent.procfs.HostAddresses;
import dev.tcpfleet.agent.procfs.ProcFs;
import dev.tcpfleet.agent.procfs.ProcessFds;
import dev.tcpfleet.agent.procfs.SockstatReader;
import dev.tcpfleet.agent.procfs.SysctlReader;
import dev.tcpfleet.agent.procfs.TcpTableParser;
import dev.tcpfleet.domain.findings.Diagnosis;
import dev.tcpfleet.domain.sysctl.SysctlCatalogue;
import dev.tcpfleet.domain.sysctl.SysctlSpec;
import dev.tcpfleet.protocol.HostIdentity;
import dev.tcpfleet.protocol.HostLimits;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.LoadAverage;
import dev.tcpfleet.protocol.ProcessSockets;
import dev.tcpfleet.protocol.SocketMemory;
import dev.tcpfleet.protocol.SysctlDrift;
import dev.tcpfleet.protocol.TcpCounters;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Takes one snapshot of this host from /proc. Plain code: the same for the daemon and for {@code analyze}. */
public final class SnapshotCollector {
    private static final String[] TCP_TABLES = {"net/tcp", "net/tcp6"};
    private static final SysctlReader.PortRange DEFAULT_PORT_RANGE = new SysctlReader.PortRange(32768, 60999);

    private final ProcFs procFs;
    private final HostIdentity identity;
    private final Clock clock;
    private final SnapshotSettings settings;
    private final TcpTableParser parser = new TcpTableParser();
    private final TcpTableAggregator tables = new TcpTableAggregator();
    private final ProcessFds processFds;
    private static final ExecutorService DESCRIPTOR_WALKER = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "tcpfleet-descriptor-walk");
        thread.setDaemon(true);
        return thread;
    });
    private final SysctlReader sysctls;
    private final SockstatReader sockstat;
    private final NetCounterReader counters;
    private final CounterRateTracker counterRates = new CounterRateTracker(NetCounterReader.GAUGES);
    private final HostLimitsReader limits;
    private final LoadAverageReader loadAverage;
    private final HostAddresses addresses;
    private final List<String> catalogueKeys = SysctlCatalogue.all().stream().map(SysctlSpec::key).toList();

    public SnapshotCollector(ProcFs procFs, HostIdentity identity, Clock clock, SnapshotSettings settings) {
        this.procFs = procFs;
        this.identity = identity;
        this.clock = clock;
        this.settings = settings;
        this.processFds = new ProcessFds(procFs);
        this.sysctls = new SysctlReader(procFs);
        this.sockstat = new SockstatReader(procFs, SockstatReader.pageSize());
        this.counters = new NetCounterReader(procFs);
        this.limits = new HostLimitsReader(procFs);
        this.loadAverage = new LoadAverageReader(procFs);
        this.addresses = new HostAddresses(procFs);
    }

    /** Not thread-safe: one collection at a time (buffers and tables are reused). */
    public HostSnapshot collect() {
        Instant collectedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        long started = System.nanoTime();
        Map<String, String> unavailable = new TreeMap<>();
        SysctlReader.PortRange range = sysctls.localPortRange(unavailable);
        if (range == null) {
            range = DEFAULT_PORT_RANGE;
            unavailable.merge("ephemeralPorts", "assumed the kernel default 32768-60999", (a, b) -> a + "; " + b);
        }
        tables.reset(range.low(), range.high());
        // the descriptor walk and the table parse each take a good part of the collection: run them together
        CompletableFuture<ProcessFds.Listing> descriptors = settings.scanProcesses()
                ? CompletableFuture.supplyAsync(this::listDescriptors, DESCRIPTOR_WALKER) : null;
        int malformed = 0;
        for (String table : TCP_TABLES) {
            try {
                Optional<InputStream> in = procFs.open(table);
                if (in.isEmpty()) {
                    unavailable.put(table, "absent");
                    continue;
                }
                try (InputStream stream = in.get()) {
                    malformed += parser.parse(stream, tables).malformedLines();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + procFs.root().resolve(table), e);
            }
        }
        if (malformed > 0) {
            unavailable.put("tcp table lines", malformed + " unreadable lines skipped");
        }
        if (tables.unknownStates() > 0) {
            unavailable.put("tcp states", tables.unknownStates() + " sockets in states this agent does not know");
        }
        Map<Long, Long> backlogs = Map.of();
        if (settings.listenBacklogs() != null) {
            ListenBacklogs.Result result = settings.listenBacklogs().of(tables.listenerInodes(), tables::queueing);
            backlogs = result.backlogs();
            result.unavailableReason().ifPresent(reason -> unavailable.put("listen backlogs", reason));
        }
        ProcessSocketCounter processes = new ProcessSocketCounter(tables);
        if (descriptors != null) {
            attribute(descriptors, processes, unavailable);
        }
        List<ProcessSockets> topProcesses = processes.top(settings.processes(), processFds, settings.commandLines());
        SocketMemory memory = sockstat.read(unavailable);
        TcpCounters tcpCounters = counterRates.next(counters.read(unavailable), collectedAt);
        HostLimits hostLimits = limits.read(unavailable);
        Map<String, String> sysctlValues = sysctls.read(catalogueKeys, unavailable);
        List<String> congestionControl = sysctls.availableCongestionControl(unavailable);
        LoadAverage load = loadAverage.read(unavailable);
        List<String> hostAddresses = addresses(unavailable);
        long micros = (System.nanoTime() - started) / 1_000;
        HostSnapshot snapshot = new HostSnapshot(HostSnapshot.SCHEMA_VERSION, identity, collectedAt, micros,
                tables.stateCounts(), tables.topPorts(settings.topPorts()),
                tables.listeners(settings.listeners(), backlogs), tables.topDestinations(settings.topDestinations()),
                tables.ephemeralPorts(), memory, tcpCounters, hostLimits, topProcesses, sysctlValues,
                congestionControl, load, null, unavailable, drift(sysctlValues, unavailable), hostAddresses);
        return snapshot.withFindings(Diagnosis.of(snapshot, settings.thresholds()));
    }

    private List<String> addresses(Map<String, String> unavailable) {
        try {
            return addresses.read();
        } catch (UncheckedIOException e) {
            unavailable.put("addresses", e.getMessage());
            return List.of();
        }
    }

    /** Managed keys whose live value is not what tcpfleet last applied. */
    private Map<String, SysctlDrift> drift(Map<String, String> live, Map<String, String> unavailable) {
        Map<String, SysctlDrift> drift = new TreeMap<>();
        try {
            settings.managed().get().forEach((key, applied) -> {
                String now = live.get(key);
                if (!applied.applied().equals(now)) {
                    drift.put(key, new SysctlDrift(applied.applied(), now, applied.commandId()));
                }
            });
        } catch (RuntimeException e) {
            unavailable.put("drift", "the tuning journal is unreadable: " + e.getMessage());
        }
        return drift;
    }

    private ProcessFds.Listing listDescriptors() {
        try {
            return processFds.list();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void attribute(CompletableFuture<ProcessFds.Listing> descriptors, ProcessSocketCounter processes,
                           Map<String, String> unavailable) {
        ProcessFds.Listing listing;
        try {
            listing = descriptors.join();
        } catch (CompletionException e) {
            unavailable.put("processes", "cannot list " + procFs.root() + ": " + e.getCause().getMessage());
            return;
        }
        listing.visit(inode -> tables.tagOf(inode) >= 0, processes);
        if (listing.denied() > 0) {
            unavailable.put("processes",
                    listing.denied() + " processes not readable (per-process attribution needs CAP_DAC_READ_SEARCH and"
                            + " CAP_SYS_PTRACE)");
        }
    }
}
