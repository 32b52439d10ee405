package dev.tcpfleet.agent.local;

import dev.tcpfleet.protocol.DestinationUsage;
import dev.tcpfleet.protocol.EphemeralPorts;
import dev.tcpfleet.protocol.Finding;
import dev.tcpfleet.protocol.HostLimits;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.ListenerQueue;
import dev.tcpfleet.protocol.PortUsage;
import dev.tcpfleet.protocol.ProcessSockets;
import dev.tcpfleet.protocol.SocketMemory;
import dev.tcpfleet.protocol.TcpCounters;
import dev.tcpfleet.protocol.TcpState;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** The human report of {@code analyze} and {@code monitor}; with a previous snapshot, counts show deltas. */
final class HostReport {
    private static final List<String> HEADLINE_COUNTERS = List.of("ActiveOpens", "PassiveOpens", "AttemptFails",
            "EstabResets", "RetransSegs", "OutRsts", "ListenOverflows", "ListenDrops", "TCPTimeouts",
            "TCPAbortOnTimeout", "TCPSynRetrans", "TCPBacklogDrop");

    private static final int COMMAND_WIDTH = 100;
    private static final int COMMAND_HEAD = 30;

    private final StringBuilder out = new StringBuilder();
    private final HostSnapshot snapshot;
    private final HostSnapshot previous;

    private HostReport(HostSnapshot snapshot, HostSnapshot previous) {
        this.snapshot = snapshot;
        this.previous = previous;
    }

    static String render(String command, HostSnapshot snapshot, HostSnapshot previous, int timeWaitWarning) {
        HostReport report = new HostReport(snapshot, previous);
        report.header(command);
        report.states(timeWaitWarning);
        report.ports();
        report.listeners();
        report.destinations();
        report.processes();
        report.kernel();
        report.drift();
        report.findings();
        report.unavailable();
        return report.out.toString();
    }

    private void header(String command) {
        out.append(String.format(Locale.ROOT, "tcpfleet %s: %s at %s (collected in %.1f ms, agent %s)%n",
                command, snapshot.host().hostname(), snapshot.collectedAt(), snapshot.collectionMicros() / 1000.0,
                snapshot.host().agentVersion()));
        if (snapshot.loadAverage() != null) {
            out.append(String.format(Locale.ROOT, "load average: %.2f %.2f %.2f%n", snapshot.loadAverage().one(),
                    snapshot.loadAverage().five(), snapshot.loadAverage().fifteen()));
        }
    }

    private void states(int timeWaitWarning) {
        TextTable table = new TextTable("STATE", ">SOCKETS", ">CHANGE");
        for (TcpState state : TcpState.values()) {
            int count = snapshot.count(state);
            if (count > 0 || (previous != null && previous.count(state) > 0)) {
                table.row(state, count, previous == null ? "" : delta(count - previous.count(state)));
            }
        }
        table.row("total", snapshot.totalSockets(),
                previous == null ? "" : delta(snapshot.totalSockets() - previous.totalSockets()));
        section("TCP sockets by state (IPv4 + IPv6)", table);
        int timeWait = snapshot.count(TcpState.TIME_WAIT);
        if (timeWait > timeWaitWarning) {
            out.append(String.format(Locale.ROOT, "  WARNING: %d TIME_WAIT sockets, over %d: see the findings below%n",
                    timeWait, timeWaitWarning));
        }
    }

    private void ports() {
        TextTable table = new TextTable(">PORT", ">TOTAL", ">ESTAB", ">TIME_WAIT", ">CLOSE_WAIT", ">LISTEN", ">OTHER");
        for (PortUsage port : snapshot.topPorts()) {
            Map<TcpState, Integer> s = port.states();
            table.row(port.port(), port.total(), get(s, TcpState.ESTABLISHED), get(s, TcpState.TIME_WAIT),
                    get(s, TcpState.CLOSE_WAIT), get(s, TcpState.LISTEN), other(port.total(), s));
        }
        section("Local ports with the most sockets", table);
    }

    private void listeners() {
        TextTable table = new TextTable("LISTENER", ">ACCEPT QUEUE", ">BACKLOG", ">FILL");
        for (ListenerQueue listener : snapshot.listeners()) {
            table.row(endpoint(listener.address(), listener.port()), listener.acceptQueue(),
                    listener.backlog() == null ? "?" : listener.backlog(),
                    listener.backlog() == null ? "?" : percent(listener.fill()) + (listener.full() ? " FULL" : ""));
        }
        section("Listeners, fullest accept queue first", table);
    }

    private void destinations() {
        TextTable table = new TextTable("DESTINATION", ">TOTAL", ">ESTAB", ">TIME_WAIT", ">OTHER", ">EPHEMERAL",
                ">OF RANGE", "PIDS");
        for (DestinationUsage d : snapshot.topDestinations()) {
            int other = d.total() - d.count(TcpState.ESTABLISHED) - d.count(TcpState.TIME_WAIT);
            table.row(d.endpoint(), d.total(), d.count(TcpState.ESTABLISHED), d.count(TcpState.TIME_WAIT), other,
                    d.ephemeralPortsInUse(), percent(d.ephemeralUsage()), join(d.pids()));
        }
        section("Outbound destinations", table);
        EphemeralPorts range = snapshot.ephemeralPorts();
        if (range != null) {
            out.append(String.format(Locale.ROOT, "  ephemeral ports %d-%d (%d per destination)%s%n",
                    range.rangeLow(), range.rangeHigh(), range.rangeSize(), range.busiestEndpoint() == null
                            ? "; no outbound connections"
                            : "; busiest: " + range.busiestEndpoint() + " uses " + percent(range.highestUsage())));
        }
    }

    private void processes() {
        TextTable table = new TextTable(">PID", "NAME", "RUNTIME", ">TOTAL", ">ESTAB", ">CLOSE_WAIT", ">LISTEN",
                ">OTHER", "COMMAND");
        for (ProcessSockets p : snapshot.processes()) {
            int other = p.total() - p.count(TcpState.ESTABLISHED) - p.count(TcpState.CLOSE_WAIT)
                    - p.count(TcpState.LISTEN);
            String command = command(p.commandLine());
            table.row(p.pid(), p.name(), p.runtime() == ProcessSockets.Runtime.OTHER ? "" : p.runtime(), p.total(),
                    p.count(TcpState.ESTABLISHED), p.count(TcpState.CLOSE_WAIT), p.count(TcpState.LISTEN), other,
                    command);
        }
        section("Processes holding TCP sockets", table);
    }

    /**
     * The command line whole up to {@link #COMMAND_WIDTH} characters, else its head and tail around "...": processes
     * of one interpreter differ in their script and arguments, at the end, so cutting the end made them look alike.
     */
    static String command(String commandLine) {
        if (commandLine == null || commandLine.length() <= COMMAND_WIDTH) {
            return commandLine;
        }
        int head = COMMAND_HEAD;
        int tail = COMMAND_WIDTH - head - 3;
        return commandLine.substring(0, head) + "..." + commandLine.substring(commandLine.length() - tail);
    }

    private void kernel() {
        SocketMemory memory = snapshot.socketMemory();
        if (memory != null) {
            // The kernel's tw counts every timewait socket, FIN_WAIT2 orphans included: it exceeds the TIME_WAIT row.
            out.append(String.format(Locale.ROOT,
                    "%nsockstat: inuse %d (+%d IPv6), orphans %d, TIME_WAIT + FIN_WAIT2 (sockstat tw) %d, allocated %d, "
                            + "memory %d pages (%s)%s%n",
                    memory.tcpInUse(), memory.tcp6InUse(), memory.orphans(), memory.timeWait(), memory.allocated(),
                    memory.memPages(), bytes(memory.memBytes()), memory.memUsageOfMax() == null ? ""
                            : ", " + percent(memory.memUsageOfMax()) + " of tcp_mem max"));
        }
        HostLimits limits = snapshot.limits();
        if (limits != null) {
            out.append(String.format(Locale.ROOT, "conntrack: %s   file handles: %s of %s%n",
                    limits.conntrackCount() == null ? "not loaded"
                            : limits.conntrackCount() + " of " + limits.conntrackMax(),
                    Objects.toString(limits.filesAllocated(), "?"), Objects.toString(limits.filesMax(), "?")));
        }
        TcpCounters counters = snapshot.tcpCounters();
        if (counters != null && !counters.totals().isEmpty()) {
            TextTable table = new TextTable("COUNTER", ">TOTAL", ">PER SECOND");
            for (String name : HEADLINE_COUNTERS) {
                if (counters.totals().containsKey(name)) {
                    Double rate = counters.rate(name);
                    table.row(name, counters.total(name),
                            rate == null ? "" : String.format(Locale.ROOT, "%.1f", rate));
                }
            }
            section("TCP counters", table);
        }
    }

    private void drift() {
        if (!snapshot.drift().isEmpty()) {
            TextTable table = new TextTable("SYSCTL", "APPLIED", "NOW", "BY COMMAND");
            snapshot.drift().forEach((key, d) -> table.row(key, d.applied(), d.live() == null ? "?" : d.live(),
                    d.commandId()));
            section("Drift: managed sysctls changed since tcpfleet applied them", table);
        }
    }

    private void findings() {
        out.append(String.format("%nFindings%n"));
        if (snapshot.findings().isEmpty()) {
            out.append("  none: nothing in these figures points at a problem\n");
        }
        for (Finding f : snapshot.findings()) {
            out.append(String.format("  [%s] %s on %s%n      evidence: %s%n      cause:    %s%n      action:   %s%n",
                    f.severity(), f.code(), f.subject(), f.evidence(), f.cause(), f.action()));
        }
    }

    private void unavailable() {
        if (!snapshot.unavailable().isEmpty()) {
            out.append(String.format("%nNot available%n"));
            snapshot.unavailable().forEach((figure, reason) -> out.append("  ").append(figure).append(": ")
                    .append(reason).append('\n'));
        }
    }

    private void section(String title, TextTable table) {
        out.append('\n').append(title).append('\n');
        out.append(table.isEmpty() ? "  none\n" : table.render());
    }

    private static int get(Map<TcpState, Integer> states, TcpState state) {
        return states.getOrDefault(state, 0);
    }

    private static int other(int total, Map<TcpState, Integer> s) {
        return total - get(s, TcpState.ESTABLISHED) - get(s, TcpState.TIME_WAIT) - get(s, TcpState.CLOSE_WAIT)
                - get(s, TcpState.LISTEN);
    }

    private static String delta(int change) {
        return change == 0 ? "" : String.format(Locale.ROOT, "%+d", change);
    }

    private static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
    }

    private static String endpoint(String address, int port) {
        return address.indexOf(':') >= 0 ? "[" + address + "]:" + port : address + ":" + port;
    }

    private static String join(List<Integer> pids) {
        return pids.isEmpty() ? "-" : pids.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElse("");
    }

    private static String bytes(long bytes) {
        return bytes >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0)
                : String.format(Locale.ROOT, "%d KiB", bytes / 1024);
    }
}
