package dev.tcpfleet.protocol;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One host's connection picture at one moment, published on {@link Topics#SNAPSHOTS}.
 *
 * <p>{@code (host.hostId, collectedAt)} identifies a snapshot: a redelivered message carries the same
 * pair and is stored once.
 *
 * @param schemaVersion     {@link #SCHEMA_VERSION} of the agent that wrote it
 * @param host              the sender
 * @param collectedAt       when collection started, to the microsecond
 * @param collectionMicros  how long collection took
 * @param tcpStates         IPv4 and IPv6 sockets per TCP state; states with no socket are absent
 */
public record HostSnapshot(
        int schemaVersion,
        HostIdentity host,
        Instant collectedAt,
        long collectionMicros,
        Map<TcpState, Integer> tcpStates) {

    public static final int SCHEMA_VERSION = 1;

    public HostSnapshot {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(collectedAt, "collectedAt");
        tcpStates = tcpStates == null || tcpStates.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(tcpStates));
    }

    public int count(TcpState state) {
        return tcpStates.getOrDefault(state, 0);
    }

    public int totalSockets() {
        return tcpStates.values().stream().mapToInt(Integer::intValue).sum();
    }
}
