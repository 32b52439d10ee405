package dev.tcpfleet.testing;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Several test hosts on one LAN: network namespaces, each with an {@code eth0} veth whose other end sits on
 * a bridge in this machine's namespace. The bridge's own address ({@link #hubAddress()}) is where the test's
 * broker and control plane listen, reachable from every host and from the test. Private addresses of a
 * random 10.x.y.0/24, links and namespaces all go away on close. Needs root.
 */
public final class TestNetwork implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String bridge;
    private final String prefix;
    private final List<NetNamespace> hosts = new ArrayList<>();

    private TestNetwork(String bridge, String prefix) {
        this.bridge = bridge;
        this.prefix = prefix;
    }

    public static TestNetwork create(int hostCount) {
        byte[] id = new byte[3];
        String prefix;
        // test JVMs run side by side: a subnet another network of this machine routes already would break both
        String routes = NetNamespace.runOnHost(List.of("ip", "-4", "route", "show"));
        do {
            RANDOM.nextBytes(id);
            prefix = "10." + (200 + (id[0] & 0x1F)) + "." + (id[1] & 0xFF);
        } while (routes.contains(prefix + ".0/24"));
        String suffix = HexFormat.of().formatHex(id);
        TestNetwork network = new TestNetwork("tfbr" + suffix, prefix);
        try {
            NetNamespace.runOnHost(List.of("ip", "link", "add", network.bridge, "type", "bridge"));
            NetNamespace.runOnHost(List.of("ip", "addr", "add", network.hubAddress() + "/24", "dev", network.bridge));
            NetNamespace.runOnHost(List.of("ip", "link", "set", network.bridge, "up"));
            for (int i = 0; i < hostCount; i++) {
                NetNamespace host = NetNamespace.create();
                network.hosts.add(host);
                String link = "tfv" + suffix + i;
                NetNamespace.runOnHost(List.of("ip", "link", "add", link, "type", "veth", "peer", "name", "eth0",
                        "netns", host.name()));
                NetNamespace.runOnHost(List.of("ip", "link", "set", link, "master", network.bridge, "up"));
                host.run("ip", "addr", "add", network.address(i) + "/24", "dev", "eth0");
                host.run("ip", "link", "set", "eth0", "up");
            }
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
        return network;
    }

    /** The bridge's address in this machine's namespace. */
    public String hubAddress() {
        return prefix + ".1";
    }

    /** Host {@code i}'s address on the LAN. */
    public String address(int i) {
        return prefix + "." + (10 + i);
    }

    public List<NetNamespace> hosts() {
        return List.copyOf(hosts);
    }

    @Override
    public void close() {
        hosts.forEach(NetNamespace::close); // deleting a namespace deletes its veth end, and so the pair
        try {
            NetNamespace.runOnHost(List.of("ip", "link", "del", bridge));
        } catch (RuntimeException e) {
            // never created
        }
    }
}
