package dev.tcpfleet.simulator;

import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.ProtocolJson;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.LongConsumer;

/**
 * A simulated fleet's snapshots at a steady rate, for the benchmarks' loads: every 10 ms, what is due by then, each
 * host in turn, collected when sent. A slow tick is made up by the next, not dropped.
 */
final class SteadyLoad {
    private static final long TICK_NANOS = 10_000_000;

    private final List<SimulatedHost> fleet;

    /** HOSTS hosts named {@code PREFIX-0} on, labelled as the simulator labels them. */
    SteadyLoad(String prefix, int hosts) {
        fleet = fleet(prefix, hosts);
    }

    List<SimulatedHost> hosts() {
        return fleet;
    }

    /** The loads' simulated hosts: the same arguments give the same hosts, and so the same snapshots. */
    static List<SimulatedHost> fleet(String prefix, int hosts) {
        List<SimulatedHost> fleet = new ArrayList<>(hosts);
        for (int i = 0; i < hosts; i++) {
            String id = prefix + "-" + i;
            fleet.add(new SimulatedHost(id, FleetSimulator.labels(i), id.hashCode()));
        }
        return fleet;
    }

    /**
     * Hands {@code each} RATE x SECONDS snapshots (with their message bytes), RATE a second, and after every tick
     * tells {@code ticked} how many have been handed so far.
     *
     * @return the rate reached, per second
     */
    long run(int rate, long seconds, BiConsumer<HostSnapshot, byte[]> each, LongConsumer ticked) {
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long total = rate * seconds;
        long sent = 0;
        int next = 0;
        // the last tick is at the end, and hands what is left
        for (long tick = start; tick <= end; tick += TICK_NANOS) {
            LockSupport.parkNanos(tick - System.nanoTime());
            long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L);
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            for (; sent < due; sent++) {
                HostSnapshot snapshot = fleet.get(next).snapshot(now);
                next = (next + 1) % fleet.size();
                each.accept(snapshot, ProtocolJson.write(snapshot));
            }
            ticked.accept(sent);
        }
        return sent * 1_000_000_000L / (System.nanoTime() - start);
    }
}
