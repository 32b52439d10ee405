package dev.tcpfleet.domain.findings;

import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.ListenerQueue;
import dev.tcpfleet.protocol.PortUsage;
import dev.tcpfleet.protocol.TcpState;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The inbound side of a state: sockets in it on a port this host listens on are the server's own (it closed first,
 * or never closed what its clients did), so advice for clients would point the wrong way.
 */
final class ListeningPorts {
    private ListeningPorts() {
    }

    /**
     * The busiest ports the snapshot keeps that the host listens on and that hold sockets in {@code state}, most
     * first.
     */
    static List<PortUsage> holding(HostSnapshot snapshot, TcpState state) {
        Set<Integer> listening = snapshot.listeners().stream().map(ListenerQueue::port).collect(Collectors.toSet());
        return snapshot.topPorts().stream()
                .filter(port -> listening.contains(port.port()) && count(port, state) > 0)
                .sorted(Comparator.comparingInt((PortUsage port) -> count(port, state)).reversed())
                .toList();
    }

    static int count(PortUsage port, TcpState state) {
        return port.states().getOrDefault(state, 0);
    }
}
