package dev.tcpfleet.agent.procfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where other hosts can reach this one: its addresses, loopback and link-local left out, the default route's
 * interface first and IPv4 before IPv6 on each (what a load balancer in front of it would use).
 */
public final class HostAddresses {
    private final ProcFs procFs;

    public HostAddresses(ProcFs procFs) {
        this.procFs = procFs;
    }

    public List<String> read() {
        Map<String, List<InetAddress>> byInterface = new LinkedHashMap<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp() && !nic.isLoopback()) {
                    byInterface.put(nic.getName(), Collections.list(nic.getInetAddresses()));
                }
            }
        } catch (SocketException e) {
            throw new UncheckedIOException("cannot list the network interfaces", e);
        }
        return order(byInterface, defaultRouteInterface().orElse(null));
    }

    /** The addresses in the order {@link HostAddresses} promises; {@code defaultInterface} may be null. */
    static List<String> order(Map<String, List<InetAddress>> byInterface, String defaultInterface) {
        List<String> interfaces = new ArrayList<>(byInterface.keySet());
        interfaces.sort(Comparator.comparing((String name) -> !name.equals(defaultInterface))
                .thenComparing(Comparator.naturalOrder()));
        List<String> addresses = new ArrayList<>();
        for (String name : interfaces) {
            byInterface.get(name).stream()
                    .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isAnyLocalAddress())
                    .map(a -> Map.entry(a.getAddress().length, InetAddresses.format(a)))
                    .sorted(Map.Entry.<Integer, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()))
                    .map(Map.Entry::getValue)
                    .forEach(addresses::add);
        }
        return addresses;
    }

    /** The interface of the IPv4 default route in {@code net/route}, if there is one. */
    Optional<String> defaultRouteInterface() {
        try {
            return procFs.readSmall("net/route").flatMap(table -> table.lines().skip(1)
                    .map(line -> line.trim().split("\\s+"))
                    .filter(fields -> fields.length > 2 && fields[1].equals("00000000"))
                    .map(fields -> fields[0]).findFirst());
        } catch (IOException e) {
            return Optional.empty(); // no routing table to read: no interface comes first
        }
    }
}
