package dev.tcpfleet.agent.local;

import dev.tcpfleet.agent.procfs.ProcFs;
import dev.tcpfleet.agent.snapshot.SnapshotCollector;
import dev.tcpfleet.agent.snapshot.SnapshotSettings;
import dev.tcpfleet.domain.findings.FindingThresholds;
import dev.tcpfleet.protocol.HostIdentity;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.ProtocolJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code analyze} and {@code monitor}: the old script's one-host views, from the same collector the daemon
 * publishes with. They read this host's /proc. Exit codes: 0 done, 1 collection failed, 2 bad arguments.
 * {@code tune}, {@code test} and {@code identity} have classes of their own.
 */
public final class LocalCommand {
    static final String USAGE = """
            usage: host-agent                      run the agent (publishes snapshots to Kafka)
                   host-agent analyze [--json] [--interval S] [--time-wait-warning N]
                                                  this host's connection report, once; counters read
                                                  twice S seconds apart (default 1) for their rates
                   host-agent monitor [SECONDS] [--interval S] [--json] [--time-wait-warning N]
                                                  refresh the report every S seconds (default 2) for
                                                  SECONDS (default 60); --json prints one snapshot per line
            """ + TuneCommand.USAGE + StressTestCommand.USAGE + IdentityCommand.USAGE;

    private LocalCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args[0].equals("tune")) {
            return TuneCommand.run(args, out, err);
        }
        if (args[0].equals("test")) {
            return StressTestCommand.run(args, out, err);
        }
        if (args[0].equals("identity")) {
            return IdentityCommand.run(args, System.getenv(), out, err);
        }
        LocalOptions options;
        try {
            options = LocalOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("host-agent: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        if (options.help()) {
            out.print(USAGE);
            return 0;
        }
        try {
            SnapshotCollector collector = collector(options);
            if (options.monitorSeconds() == null) {
                print(analyze(collector, options), null, options, out);
            } else {
                monitor(collector, options, out);
            }
            return 0;
        } catch (RuntimeException e) {
            err.println("host-agent: " + options.command() + " failed: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Counters mean little without rates, and rate findings (drops, retransmissions, timeouts) need them: the
     * first read only starts the rates, the second, {@code --interval} later, is the one reported.
     */
    private static HostSnapshot analyze(SnapshotCollector collector, LocalOptions options) {
        collector.collect();
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(options.intervalMillis()));
        return collector.collect();
    }

    private static void monitor(SnapshotCollector collector, LocalOptions options, PrintStream out) {
        long intervalNanos = TimeUnit.MILLISECONDS.toNanos(options.intervalMillis());
        long next = System.nanoTime();
        long end = next + TimeUnit.SECONDS.toNanos(options.monitorSeconds());
        HostSnapshot previous = null;
        boolean terminal = System.console() != null && !options.json();
        while (true) {
            HostSnapshot snapshot = collector.collect();
            if (terminal) {
                out.print("\033[H\033[2J"); // home and clear, like the old script's `clear`
            }
            print(snapshot, previous, options, out);
            out.flush();
            if (out.checkError()) {
                return; // the reader went away, e.g. `monitor --json | head -1`
            }
            previous = snapshot;
            next += intervalNanos;
            if (next - end > 0) {
                return;
            }
            LockSupport.parkNanos(next - System.nanoTime());
        }
    }

    private static void print(HostSnapshot snapshot, HostSnapshot previous, LocalOptions options, PrintStream out) {
        if (options.json()) {
            out.println(new String(ProtocolJson.write(snapshot), StandardCharsets.UTF_8));
        } else {
            out.print(HostReport.render(options.command(), snapshot, previous, options.timeWaitWarning()));
        }
    }

    private static SnapshotCollector collector(LocalOptions options) {
        ProcFs procFs = new ProcFs(Path.of("/proc"));
        String hostname = procFs.kernelHostname().orElse("localhost");
        HostIdentity identity = new HostIdentity(hostname, hostname, Map.of(), version());
        SnapshotSettings settings = SnapshotSettings.defaults().withThresholds(
                FindingThresholds.defaults().withTimeWaitOnHostWarning(options.timeWaitWarning()));
        return new SnapshotCollector(procFs, identity, Clock.systemUTC(), settings);
    }


    static String version() {
        try (InputStream in = LocalCommand.class.getResourceAsStream("/dev/tcpfleet/agent/agent-version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
