package dev.tcpfleet.domain.findings;

import dev.tcpfleet.protocol.DestinationUsage;
import dev.tcpfleet.protocol.EphemeralPorts;
import dev.tcpfleet.protocol.HostIdentity;
import dev.tcpfleet.protocol.HostLimits;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.ListenerQueue;
import dev.tcpfleet.protocol.PortUsage;
import dev.tcpfleet.protocol.ProcessSockets;
import dev.tcpfleet.protocol.SocketMemory;
import dev.tcpfleet.protocol.TcpCounters;
import dev.tcpfleet.protocol.TcpState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Snapshots with only the parts a test is about; every other part absent, as a host lacking it would send. */
final class SnapshotBuilder {
    static final HostIdentity HOST = new HostIdentity("h-1", "web-1", Map.of(), "test");
    static final Instant AT = Instant.parse("2026-11-25T10:15:30Z");
    /** The size of the default range 32768-60999. */
    static final int RANGE_SIZE = 28232;

    private final Map<TcpState, Integer> states = new EnumMap<>(TcpState.class);
    private final List<ListenerQueue> listeners = new ArrayList<>();
    private final List<PortUsage> ports = new ArrayList<>();
    private final List<DestinationUsage> destinations = new ArrayList<>();
    private final List<ProcessSockets> processes = new ArrayList<>();
    private final Map<String, String> sysctls = new HashMap<>();
    private final Map<String, Double> rates = new HashMap<>();
    private EphemeralPorts ephemeralPorts;
    private SocketMemory socketMemory;
    private HostLimits limits;

    static SnapshotBuilder snapshot() {
        return new SnapshotBuilder();
    }

    static HostSnapshot empty() {
        return HostSnapshot.ofStates(HOST, AT, 100, Map.of());
    }

    SnapshotBuilder sockets(TcpState state, int count) {
        states.put(state, count);
        return this;
    }

    /** Outbound sockets in one state toward {@code address:port}, each using an ephemeral port. */
    SnapshotBuilder destination(String address, int port, TcpState state, int count, Integer... pids) {
        destinations.add(new DestinationUsage(address, port, count, Map.of(state, count), count, RANGE_SIZE,
                List.of(pids)));
        return this;
    }

    SnapshotBuilder ephemeralPorts(double highestUsage, String busiestEndpoint) {
        ephemeralPorts = new EphemeralPorts(32768, 60999, highestUsage, busiestEndpoint);
        return this;
    }

    SnapshotBuilder listener(String address, int port, long acceptQueue, long backlog) {
        listeners.add(new ListenerQueue(address, port, acceptQueue, backlog));
        return this;
    }

    /** Sockets in one state on local port {@code port}. */
    SnapshotBuilder port(int port, TcpState state, int count) {
        ports.add(new PortUsage(port, count, Map.of(state, count)));
        return this;
    }

    SnapshotBuilder process(int pid, String name, TcpState state, int count) {
        processes.add(new ProcessSockets(pid, name, name, ProcessSockets.Runtime.OTHER, count, Map.of(state, count)));
        return this;
    }

    SnapshotBuilder sysctl(String key, String value) {
        sysctls.put(key, value);
        return this;
    }

    SnapshotBuilder rate(String counter, double perSecond) {
        rates.put(counter, perSecond);
        return this;
    }

    SnapshotBuilder socketMemory(long memPages, long pressurePages, long maxPages) {
        socketMemory = new SocketMemory(0, 0, 0, 0, 0, memPages, 4096,
                new SocketMemory.TcpMemLimits(pressurePages / 2, pressurePages, maxPages));
        return this;
    }

    SnapshotBuilder limits(Long conntrackCount, Long conntrackMax, Long filesAllocated, Long filesMax) {
        limits = new HostLimits(conntrackCount, conntrackMax, filesAllocated, filesMax);
        return this;
    }

    HostSnapshot build() {
        TcpCounters counters = rates.isEmpty() ? null : new TcpCounters(Map.of(), rates, 30.0, List.of());
        return new HostSnapshot(HostSnapshot.SCHEMA_VERSION, HOST, AT, 100, states, ports, listeners, destinations,
                ephemeralPorts, socketMemory, counters, limits, processes, sysctls, null, null, null, null, null, null);
    }
}
