package dev.tcpfleet.domain.stress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The targets an administrator allows fleet tests against: networks (CIDRs, IPv4 or IPv6) and ports. A target
 * must be in one of the networks and on one of the ports. Empty lists allow nothing.
 */
public final class TargetAllowlist {
    private final List<Network> networks;
    private final BitSet ports;

    private record Network(byte[] prefix, int bits) {
        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return rest == 0 || (address[full] & mask) == (prefix[full] & mask);
        }
    }

    private TargetAllowlist(List<Network> networks, BitSet ports) {
        this.networks = networks;
        this.ports = ports;
    }

    /**
     * @param cidrs e.g. {@code 10.20.0.0/16}, {@code fd00::/8}; a bare address is a /32 or /128
     * @param ports e.g. {@code 443}, {@code 8000-8099}
     * @throws IllegalArgumentException naming the entry that is neither
     */
    public static TargetAllowlist of(List<String> cidrs, List<String> ports) {
        List<Network> networks = new ArrayList<>();
        for (String cidr : cidrs) {
            networks.add(network(cidr.strip()));
        }
        BitSet allowedPorts = new BitSet(65536);
        for (String range : ports) {
            String[] ends = range.strip().split("-", 2);
            int low = port(ends[0], range);
            int high = ends.length == 2 ? port(ends[1], range) : low;
            if (high < low) {
                throw new IllegalArgumentException("port range '" + range + "' ends before it starts");
            }
            allowedPorts.set(low, high + 1);
        }
        return new TargetAllowlist(List.copyOf(networks), allowedPorts);
    }

    /** Whether tests may connect to {@code address} on {@code port}. IPv4-mapped IPv6 counts as IPv4. */
    public boolean permits(InetAddress address, int port) {
        return permitsPort(port) && permitsAddress(address);
    }

    /** Whether {@code address} is in one of the networks, whatever the port. */
    public boolean permitsAddress(InetAddress address) {
        byte[] bytes = address.getAddress();
        return networks.stream().anyMatch(network -> network.contains(bytes));
    }

    /** Whether {@code port} is one of the ports, whatever the address. */
    public boolean permitsPort(int port) {
        return ports.get(port);
    }

    private static Network network(String cidr) {
        String[] parts = cidr.split("/", 2);
        byte[] prefix;
        try {
            // an address literal only: a name here would be resolved, and the allowlist must not depend on DNS
            if (!parts[0].matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
                throw new UnknownHostException(parts[0]);
            }
            prefix = InetAddress.getByName(parts[0]).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("allowlist entry '" + cidr + "' is not an address or CIDR");
        }
        int max = prefix.length * 8;
        int bits;
        try {
            bits = parts.length == 2 ? Integer.parseInt(parts[1]) : max;
        } catch (NumberFormatException e) {
            bits = -1;
        }
        if (bits < 0 || bits > max) {
            throw new IllegalArgumentException("allowlist entry '" + cidr + "' has a prefix length outside 0.." + max);
        }
        return new Network(prefix, bits);
    }

    private static int port(String text, String range) {
        try {
            int port = Integer.parseInt(text.strip());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below with the whole entry
        }
        throw new IllegalArgumentException("allowlist port '" + range + "' is not a port or range of ports");
    }
}
