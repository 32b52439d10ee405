package dev.tcpfleet.agent.snapshot;

import dev.tcpfleet.agent.procfs.ListenBacklogs;
import dev.tcpfleet.agent.procfs.ProcFs;
import dev.tcpfleet.agent.procfs.ProcessFds;
import dev.tcpfleet.agent.procfs.TcpTableParser;
import dev.tcpfleet.domain.findings.Diagnosis;
import dev.tcpfleet.protocol.HostIdentity;
import dev.tcpfleet.protocol.HostSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Takes one snapshot of this host from /proc. Plain code: the same for the daemon and for {@code analyze}. */
public final class SnapshotCollector {
    private static final String[] TCP_TABLES = {"net/tcp", "net/tcp6"};
    private static final int[] DEFAULT_PORT_RANGE = {32768, 60999};

    private final ProcFs procFs;
    private final HostIdentity identity;
    private final Clock clock;
    private final SnapshotSettings settings;
    private final TcpTableParser parser = new TcpTableParser();
    private final TcpTableAggregator tables = new TcpTableAggregator();
    private final ProcessFds processFds;

    public SnapshotCollector(ProcFs procFs, HostIdentity identity, Clock clock, SnapshotSettings settings) {
        this.procFs = procFs;
        this.identity = identity;
        this.clock = clock;
        this.settings = settings;
        this.processFds = new ProcessFds(procFs);
    }

    /** Not thread-safe: one collection at a time (buffers and tables are reused). */
    public HostSnapshot collect() {
        Instant collectedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        long started = System.nanoTime();
        Map<String, String> unavailable = new TreeMap<>();
        int[] range = portRange(unavailable);
        tables.reset(range[0], range[1]);
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
        Map<String, Long> backlogs = Map.of();
        if (settings.listenBacklogs() != null) {
            ListenBacklogs.Result result = settings.listenBacklogs().read();
            backlogs = result.backlogs();
            result.unavailableReason().ifPresent(reason -> unavailable.put("listen backlogs", reason));
        }
        ProcessSocketCounter processes = new ProcessSocketCounter(tables);
        if (settings.scanProcesses()) {
            scanProcesses(processes, unavailable);
        }
        long micros = (System.nanoTime() - started) / 1_000;
        HostSnapshot snapshot = new HostSnapshot(HostSnapshot.SCHEMA_VERSION, identity, collectedAt, micros, tables.stateCounts(),
                tables.topPorts(settings.topPorts()), tables.listeners(settings.listeners(), backlogs),
                tables.topDestinations(settings.topDestinations()), tables.ephemeralPorts(), null, null, null,
                processes.top(settings.processes(), processFds), null, null, null, null, unavailable);
        return snapshot.withFindings(Diagnosis.of(snapshot, settings.thresholds()));
    }

    private void scanProcesses(ProcessSocketCounter processes, Map<String, String> unavailable) {
        try {
            int denied = processFds.forEachSocket(processes);
            if (denied > 0) {
                unavailable.put("processes", denied + " processes not readable (the agent needs root or CAP_SYS_PTRACE)");
            }
        } catch (IOException e) {
            unavailable.put("processes", "cannot list " + procFs.root() + ": " + e.getMessage());
        }
    }

    private int[] portRange(Map<String, String> unavailable) {
        try {
            Optional<String> text = procFs.readSmall("sys/net/ipv4/ip_local_port_range");
            if (text.isPresent()) {
                String[] parts = text.get().split("\\s+");
                return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
            }
        } catch (IOException | RuntimeException e) {
            // reported below
        }
        unavailable.put("net.ipv4.ip_local_port_range", "unreadable; assumed the kernel default 32768-60999");
        return DEFAULT_PORT_RANGE;
    }
}
