package dev.tcpfleet.protocol;

import java.util.Map;

/**
 * Sockets bound to one local port, in every state (listeners included), as {@code ss -tan} would list them.
 *
 * @param port   the local port
 * @param total  sockets with that local port, IPv4 and IPv6
 * @param states the same sockets per state
 */
public record PortUsage(int port, int total, Map<TcpState, Integer> states) {
    public PortUsage {
        states = StateCounts.copy(states);
    }
}
