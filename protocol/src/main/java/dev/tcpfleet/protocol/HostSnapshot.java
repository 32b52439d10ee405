package dev.tcpfleet.protocol;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One host's connection picture at one moment, published on {@link Topics#SNAPSHOTS}.
 *
 * <p>{@code (host.hostId, collectedAt)} identifies a snapshot: a redelivered message carries the same
 * pair and is stored once. Every part but the identity may be absent (null or empty) when the host could
 * not provide it; {@code unavailable} then says which figure is missing and why.
 *
 * @param schemaVersion     {@link #SCHEMA_VERSION} of the agent that wrote it
 * @param host              the sender
 * @param collectedAt       when collection started, to the microsecond
 * @param collectionMicros  how long collection took
 * @param tcpStates         IPv4 and IPv6 sockets per TCP state; states with no socket are absent
 * @param topPorts          the local ports with the most sockets, busiest first
 * @param listeners         listening sockets with the fullest accept queues first
 * @param topDestinations   remote endpoints with the most outbound sockets, busiest first
 * @param ephemeralPorts    the port range and the highest per-destination use of it
 * @param socketMemory      sockstat figures
 * @param tcpCounters       snmp/netstat counters and their rates
 * @param limits            conntrack and file handle tables
 * @param processes         processes holding TCP sockets, most sockets first
 * @param sysctls           current values of the sysctls a tuning profile may manage
 * @param congestionControlAvailable {@code net.ipv4.tcp_available_congestion_control}
 * @param loadAverage       {@code /proc/loadavg}
 * @param findings          what the figures mean
 * @param unavailable       figure → why it is missing
 * @param drift             managed sysctl → how its live value departs from what tcpfleet last applied
 * @param addresses         the host's own IPv4 and IPv6 addresses, loopback and link-local left out, those of the
 *                          interface holding the default route first: where other hosts can reach it
 */
public record HostSnapshot(
        int schemaVersion,
        HostIdentity host,
        Instant collectedAt,
        long collectionMicros,
        Map<TcpState, Integer> tcpStates,
        List<PortUsage> topPorts,
        List<ListenerQueue> listeners,
        List<DestinationUsage> topDestinations,
        EphemeralPorts ephemeralPorts,
        SocketMemory socketMemory,
        TcpCounters tcpCounters,
        HostLimits limits,
        List<ProcessSockets> processes,
        Map<String, String> sysctls,
        List<String> congestionControlAvailable,
        LoadAverage loadAverage,
        List<Finding> findings,
        Map<String, String> unavailable,
        Map<String, SysctlDrift> drift,
        List<String> addresses) {

    public static final int SCHEMA_VERSION = 1;

    public HostSnapshot {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(collectedAt, "collectedAt");
        tcpStates = tcpStates == null || tcpStates.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(tcpStates));
        topPorts = listOrEmpty(topPorts);
        listeners = listOrEmpty(listeners);
        topDestinations = listOrEmpty(topDestinations);
        processes = listOrEmpty(processes);
        sysctls = sysctls == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(sysctls));
        congestionControlAvailable = listOrEmpty(congestionControlAvailable);
        findings = listOrEmpty(findings);
        unavailable = unavailable == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(unavailable));
        drift = drift == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(drift));
        addresses = listOrEmpty(addresses);
    }

    /** A snapshot holding only socket counts; the rest absent. */
    public static HostSnapshot ofStates(HostIdentity host, Instant collectedAt, long collectionMicros,
                                        Map<TcpState, Integer> tcpStates) {
        return new HostSnapshot(SCHEMA_VERSION, host, collectedAt, collectionMicros, tcpStates, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The same snapshot with these findings. */
    public HostSnapshot withFindings(List<Finding> newFindings) {
        return new HostSnapshot(schemaVersion, host, collectedAt, collectionMicros, tcpStates, topPorts, listeners,
                topDestinations, ephemeralPorts, socketMemory, tcpCounters, limits, processes, sysctls,
                congestionControlAvailable, loadAverage, newFindings, unavailable, drift, addresses);
    }

    public int count(TcpState state) {
        return tcpStates.getOrDefault(state, 0);
    }

    public int totalSockets() {
        return tcpStates.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static <T> List<T> listOrEmpty(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}
