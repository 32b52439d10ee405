package dev.tcpfleet.agent.snapshot;

import dev.tcpfleet.agent.procfs.InetAddresses;
import dev.tcpfleet.agent.procfs.TcpRow;
import dev.tcpfleet.protocol.DestinationUsage;
import dev.tcpfleet.protocol.ListenerQueue;
import dev.tcpfleet.protocol.PortUsage;
import dev.tcpfleet.protocol.TcpState;
import dev.tcpfleet.protocol.EphemeralPorts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Folds the rows of /proc/net/tcp and tcp6 into the snapshot's socket figures in one pass, without an
 * object per socket: per-state and per-port counts in arrays, destinations in a map keyed by a reused
 * probe, and socket inodes tagged with state and destination for the per-process scan that follows.
 *
 * <p>A socket is outbound when its local port is not one this host listens on. The kernel lists a table's
 * listeners before its other sockets, so the listening ports are known by the time the rest arrive.
 * Reused across collections: {@link #reset(int, int)} before each.
 */
final class TcpTableAggregator implements Consumer<TcpRow> {
    static final int STATES = 16;
    private static final int PORTS = 65536;
    private static final int NO_DESTINATION = 0;

    private final int[] stateCounts = new int[STATES];
    private final int[] portTotals = new int[PORTS];
    private final int[][] portStates = new int[PORTS][];
    private final int[] touchedPorts = new int[PORTS];
    private int touchedCount;
    private final BitSet listeningPorts = new BitSet(PORTS);
    private final List<ListenerQueue> listeners = new ArrayList<>();
    private long[] listenerInodes = new long[64];
    private final Map<DestinationKey, Destination> destinations = new HashMap<>();
    private final List<Destination> destinationsById = new ArrayList<>();
    private final DestinationKey probe = new DestinationKey();
    private final InodeTags inodeTags = new InodeTags();
    private int ephemeralLow;
    private int ephemeralHigh;
    private int unknownStates;

    void reset(int ephemeralLow, int ephemeralHigh) {
        this.ephemeralLow = ephemeralLow;
        this.ephemeralHigh = ephemeralHigh;
        Arrays.fill(stateCounts, 0);
        for (int i = 0; i < touchedCount; i++) {
            int port = touchedPorts[i];
            portTotals[port] = 0;
            Arrays.fill(portStates[port], 0);
        }
        touchedCount = 0;
        listeningPorts.clear();
        listeners.clear();
        destinations.clear();
        destinationsById.clear();
        inodeTags.clear();
        unknownStates = 0;
    }

    @Override
    public void accept(TcpRow row) {
        int state = row.state();
        if (TcpState.ofCode(state) == null) {
            unknownStates++;
            return;
        }
        stateCounts[state]++;
        int port = row.localPort();
        if (portTotals[port]++ == 0) {
            touchedPorts[touchedCount++] = port;
            if (portStates[port] == null) {
                portStates[port] = new int[STATES];
            }
        }
        portStates[port][state]++;
        int destinationId = NO_DESTINATION;
        if (state == TcpState.LISTEN.code()) {
            listeningPorts.set(port);
            if (listeners.size() == listenerInodes.length) {
                listenerInodes = Arrays.copyOf(listenerInodes, listenerInodes.length * 2);
            }
            listenerInodes[listeners.size()] = row.inode();
            listeners.add(new ListenerQueue(InetAddresses.format(row.ipv6(), localAddress(row)), port,
                    row.rxQueue(), null));
        } else if (!listeningPorts.get(port)) {
            destinationId = countOutbound(row, state);
        }
        inodeTags.put(row.inode(), destinationId << 4 | state);
    }

    private int countOutbound(TcpRow row, int state) {
        probe.set(row);
        Destination destination = destinations.get(probe);
        if (destination == null) {
            DestinationKey key = probe.copy();
            destination = new Destination(key, destinationsById.size() + 1);
            destinations.put(key, destination);
            destinationsById.add(destination);
        }
        destination.states[state]++;
        destination.total++;
        if (row.localPort() >= ephemeralLow && row.localPort() <= ephemeralHigh) {
            destination.ephemeral++;
        }
        return destination.id;
    }

    private static int[] localAddress(TcpRow row) {
        int[] words = new int[4];
        for (int i = 0; i < 4; i++) {
            words[i] = row.localAddressWord(i);
        }
        return words;
    }

    /** The tag of a socket inode seen in the tables: {@code destinationId << 4 | state}, or -1. */
    int tagOf(long inode) {
        return inodeTags.get(inode);
    }

    static int stateOfTag(int tag) {
        return tag & 0xF;
    }

    /** Records that {@code pid} holds a socket toward the destination in {@code tag}, if any. */
    void addOwner(int tag, int pid) {
        int id = tag >>> 4;
        if (id != NO_DESTINATION) {
            destinationsById.get(id - 1).addOwner(pid);
        }
    }

    Map<TcpState, Integer> stateCounts() {
        return toStateMap(stateCounts);
    }

    int unknownStates() {
        return unknownStates;
    }

    List<PortUsage> topPorts(int limit) {
        Integer[] ports = new Integer[touchedCount];
        for (int i = 0; i < touchedCount; i++) {
            ports[i] = touchedPorts[i];
        }
        return Arrays.stream(ports)
                .sorted(Comparator.<Integer>comparingInt(p -> portTotals[p]).reversed().thenComparingInt(p -> p))
                .limit(limit)
                .map(p -> new PortUsage(p, portTotals[p], toStateMap(portStates[p])))
                .toList();
    }

    /** The listening sockets' inodes, in table order. */
    long[] listenerInodes() {
        return Arrays.copyOf(listenerInodes, listeners.size());
    }

    /** True for a listening socket whose accept queue holds connections: its backlog matters now. */
    boolean queueing(long listenerInode) {
        for (int i = 0; i < listeners.size(); i++) {
            if (listenerInodes[i] == listenerInode) {
                return listeners.get(i).acceptQueue() > 0;
            }
        }
        return false;
    }

    /**
     * Listeners with their backlogs from sock_diag (per socket inode), fullest queues first so that an
     * overflowing listener is never cut off by the limit.
     */
    List<ListenerQueue> listeners(int limit, Map<Long, Long> backlogs) {
        List<ListenerQueue> withBacklogs = new ArrayList<>(listeners.size());
        for (int i = 0; i < listeners.size(); i++) {
            withBacklogs.add(listeners.get(i).withBacklog(backlogs.get(listenerInodes[i])));
        }
        return withBacklogs.stream()
                .sorted(Comparator.comparingDouble(ListenerQueue::fill).reversed()
                        .thenComparing(Comparator.comparingLong(ListenerQueue::acceptQueue).reversed())
                        .thenComparingInt(ListenerQueue::port).thenComparing(ListenerQueue::address))
                .limit(limit)
                .toList();
    }

    List<DestinationUsage> topDestinations(int limit) {
        int rangeSize = Math.max(0, ephemeralHigh - ephemeralLow + 1);
        return destinationsById.stream()
                .sorted(Comparator.<Destination>comparingInt(d -> d.total).reversed()
                        .thenComparingInt(d -> d.key.port))
                .limit(limit)
                .map(d -> d.toUsage(rangeSize))
                .toList();
    }

    /** The range and the destination using the largest share of it, over all destinations (not only the top). */
    EphemeralPorts ephemeralPorts() {
        Destination busiest = null;
        for (Destination d : destinationsById) {
            if (busiest == null || d.ephemeral > busiest.ephemeral) {
                busiest = d;
            }
        }
        if (busiest == null || busiest.ephemeral == 0) {
            return new EphemeralPorts(ephemeralLow, ephemeralHigh, 0.0, null);
        }
        DestinationUsage usage = busiest.toUsage(Math.max(0, ephemeralHigh - ephemeralLow + 1));
        return new EphemeralPorts(ephemeralLow, ephemeralHigh, usage.ephemeralUsage(), usage.endpoint());
    }

    static Map<TcpState, Integer> toStateMap(int[] byCode) {
        Map<TcpState, Integer> counts = new EnumMap<>(TcpState.class);
        for (TcpState state : TcpState.values()) {
            if (byCode[state.code()] > 0) {
                counts.put(state, byCode[state.code()]);
            }
        }
        return counts;
    }

    private static final class Destination {
        final DestinationKey key;
        final int id;
        final int[] states = new int[STATES];
        final TreeSet<Integer> pids = new TreeSet<>();
        int total;
        int ephemeral;
        private int lastOwner = -1;

        Destination(DestinationKey key, int id) {
            this.key = key;
            this.id = id;
        }

        void addOwner(int pid) {
            if (pid != lastOwner) { // one process's sockets to one peer arrive in a row
                lastOwner = pid;
                pids.add(pid);
            }
        }

        DestinationUsage toUsage(int rangeSize) {
            return new DestinationUsage(key.address(), key.port, total, toStateMap(states), ephemeral, rangeSize,
                    new ArrayList<>(pids));
        }
    }

    /** Remote address and port; IPv4-mapped IPv6 folded into IPv4 so one peer is one destination. */
    private static final class DestinationKey {
        private boolean ipv6;
        private final int[] words = new int[4];
        private int port;

        void set(TcpRow row) {
            for (int i = 0; i < 4; i++) {
                words[i] = row.remoteAddressWord(i);
            }
            ipv6 = row.ipv6();
            if (ipv6 && InetAddresses.isV4Mapped(words)) {
                ipv6 = false;
                words[0] = words[3];
                words[1] = words[2] = words[3] = 0;
            }
            port = row.remotePort();
        }

        DestinationKey copy() {
            DestinationKey copy = new DestinationKey();
            copy.ipv6 = ipv6;
            System.arraycopy(words, 0, copy.words, 0, 4);
            copy.port = port;
            return copy;
        }

        String address() {
            return InetAddresses.format(ipv6, words);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof DestinationKey k && k.port == port && k.ipv6 == ipv6
                    && Arrays.equals(k.words, words);
        }

        @Override
        public int hashCode() {
            return (Arrays.hashCode(words) * 31 + port) * 2 + (ipv6 ? 1 : 0);
        }
    }
}
