package dev.tcpfleet.domain.metrics;

import dev.tcpfleet.protocol.HostLimits;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.TcpState;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The headline figures of a snapshot that trends, alerts and rollout gates speak of, by the name the API uses.
 * A figure the snapshot lacks (no rate on an agent's first snapshot, no conntrack module) is empty, never 0: a
 * missing figure must not read as a healthy one.
 */
public enum SnapshotMetric implements AlertMetric {
    SOCKETS("sockets", "TCP sockets in any state", s -> OptionalDouble.of(
            s.tcpStates().values().stream().mapToInt(Integer::intValue).sum())),
    ESTABLISHED("established", "sockets in ESTABLISHED", s -> state(s, TcpState.ESTABLISHED)),
    TIME_WAIT("time_wait", "sockets in TIME_WAIT", s -> state(s, TcpState.TIME_WAIT)),
    SYN_RECV("syn_recv", "sockets in SYN_RECV: handshakes waiting for the final ACK", s -> state(s, TcpState.SYN_RECV)),
    CLOSE_WAIT("close_wait", "sockets in CLOSE_WAIT: the peer closed, the application has not",
            s -> state(s, TcpState.CLOSE_WAIT)),
    ORPHANS("orphans", "sockets no process holds any more (sockstat)",
            s -> s.socketMemory() == null ? OptionalDouble.empty() : OptionalDouble.of(s.socketMemory().orphans())),
    LISTEN_OVERFLOWS_PER_S("listen_overflows_per_s", "connections dropped because an accept queue was full, per second",
            s -> rate(s, "ListenOverflows")),
    RETRANSMITS_PER_S("retransmits_per_s", "TCP segments retransmitted per second", s -> rate(s, "RetransSegs")),
    RESETS_SENT_PER_S("resets_sent_per_s", "TCP resets sent per second", s -> rate(s, "OutRsts")),
    EPHEMERAL_PORT_USAGE("ephemeral_port_usage", "the busiest destination's share of the ephemeral port range, 0..1",
            s -> s.ephemeralPorts() == null ? OptionalDouble.empty()
                    : OptionalDouble.of(s.ephemeralPorts().highestUsage())),
    CONNTRACK_USAGE("conntrack_usage", "conntrack entries over nf_conntrack_max, 0..1",
            s -> ratio(Optional.ofNullable(s.limits()).map(HostLimits::conntrackCount).orElse(null),
                    Optional.ofNullable(s.limits()).map(HostLimits::conntrackMax).orElse(null))),
    LOAD1("load1", "one-minute load average",
            s -> s.loadAverage() == null ? OptionalDouble.empty() : OptionalDouble.of(s.loadAverage().one()));

    private final String apiName;
    private final String description;
    private final Function<HostSnapshot, OptionalDouble> reader;

    SnapshotMetric(String apiName, String description, Function<HostSnapshot, OptionalDouble> reader) {
        this.apiName = apiName;
        this.description = description;
        this.reader = reader;
    }

    @Override
    public String apiName() {
        return apiName;
    }

    public String description() {
        return description;
    }

    /** This figure in {@code snapshot}, or empty when the snapshot does not carry it. */
    public OptionalDouble of(HostSnapshot snapshot) {
        return reader.apply(snapshot);
    }

    /** The metric the API calls {@code name}. */
    public static Optional<SnapshotMetric> byApiName(String name) {
        return Arrays.stream(values()).filter(metric -> metric.apiName.equals(name)).findFirst();
    }

    private static OptionalDouble state(HostSnapshot snapshot, TcpState state) {
        // a state with no socket is absent from the map; a snapshot with no counts at all lacks the figure
        return snapshot.tcpStates().isEmpty() ? OptionalDouble.empty()
                : OptionalDouble.of(snapshot.tcpStates().getOrDefault(state, 0));
    }

    private static OptionalDouble rate(HostSnapshot snapshot, String counter) {
        Double perSecond = snapshot.tcpCounters() == null ? null : snapshot.tcpCounters().perSecond().get(counter);
        return perSecond == null ? OptionalDouble.empty() : OptionalDouble.of(perSecond);
    }

    private static OptionalDouble ratio(Long count, Long max) {
        return count == null || max == null || max <= 0 ? OptionalDouble.empty() : OptionalDouble.of((double) count / max);
    }
}
