package dev.tcpfleet.protocol;

/**
 * The host's ephemeral port range and the busiest destination's share of it: the one figure to watch
 * for "cannot assign requested address".
 *
 * @param rangeLow         {@code net.ipv4.ip_local_port_range} first port
 * @param rangeHigh        its last port
 * @param highestUsage     the highest {@link DestinationUsage#ephemeralUsage()} over all destinations, 0..1
 * @param busiestEndpoint  the destination with that usage, or null when there are no outbound sockets
 */
public record EphemeralPorts(int rangeLow, int rangeHigh, double highestUsage, String busiestEndpoint) {
    public int rangeSize() {
        return rangeHigh >= rangeLow ? rangeHigh - rangeLow + 1 : 0;
    }
}
