package dev.tcpfleet.protocol;

import java.util.List;
import java.util.Map;

/**
 * Outbound sockets toward one remote endpoint: sockets whose local port is not one this host listens on.
 *
 * <p>A connection needs a unique (local address, local port, remote address, remote port) tuple, so the
 * ephemeral range runs out per destination, not per host: {@code ephemeralPortsInUse} of
 * {@code ephemeralRangeSize} is how much of it connections to this endpoint use; the rest is what new ones
 * can take. TIME_WAIT sockets count: they hold their tuple until they expire (unless {@code tcp_tw_reuse}
 * lets a new connection take it). Counted over all local addresses: a host that spreads connections over
 * several source addresses has that many ranges, so the share is an upper bound there.
 *
 * @param address             remote address (IPv4-mapped IPv6 shown as IPv4)
 * @param port                remote port
 * @param total               outbound sockets to it
 * @param states              the same per state
 * @param ephemeralPortsInUse those whose local port lies in {@code net.ipv4.ip_local_port_range}
 * @param ephemeralRangeSize  the size of that range
 * @param pids                processes holding sockets to it (those still open; TIME_WAIT has no owner)
 */
public record DestinationUsage(
        String address,
        int port,
        int total,
        Map<TcpState, Integer> states,
        int ephemeralPortsInUse,
        int ephemeralRangeSize,
        List<Integer> pids) {

    public DestinationUsage {
        states = StateCounts.copy(states);
        pids = pids == null ? List.of() : List.copyOf(pids);
    }

    public double ephemeralUsage() {
        return ephemeralRangeSize <= 0 ? 0.0 : (double) ephemeralPortsInUse / ephemeralRangeSize;
    }

    public int count(TcpState state) {
        return states.getOrDefault(state, 0);
    }

    public String endpoint() {
        return address.indexOf(':') >= 0 ? "[" + address + "]:" + port : address + ":" + port;
    }
}
