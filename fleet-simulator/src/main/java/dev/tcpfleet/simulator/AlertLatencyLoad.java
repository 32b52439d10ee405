package dev.tcpfleet.simulator;

import dev.tcpfleet.protocol.HostIdentity;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.TcpState;
import dev.tcpfleet.protocol.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The load of {@code bench/alert-latency.sh}: a simulated fleet's snapshots at a steady RATE per second for SECONDS,
 * and every SPIKE_MS milliseconds one snapshot of a new host {@code PREFIX-N} with SPIKE_ESTABLISHED sockets, over
 * any simulated host's, which a host rule on it fires on. Each spike's host id and the epoch milliseconds it was
 * sent at go to OUT, one per line; the last line says the rate reached.
 *
 * <p>Usage: {@code AlertLatencyLoad BOOTSTRAP HOSTS RATE SECONDS SPIKE_MS SPIKE_ESTABLISHED PREFIX OUT}.
 */
public final class AlertLatencyLoad {
    private static final long TICK_NANOS = 10_000_000;

    private AlertLatencyLoad() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 8) {
            System.err.println(
                    "usage: AlertLatencyLoad BOOTSTRAP HOSTS RATE SECONDS SPIKE_MS SPIKE_ESTABLISHED PREFIX OUT");
            System.exit(2);
        }
        int hosts = Integer.parseInt(args[1]);
        int rate = Integer.parseInt(args[2]);
        long seconds = Long.parseLong(args[3]);
        long spikeMillis = Long.parseLong(args[4]);
        int spikeEstablished = Integer.parseInt(args[5]);
        List<SimulatedHost> fleet = new ArrayList<>(hosts);
        for (int i = 0; i < hosts; i++) {
            String id = "latency-" + i;
            fleet.add(new SimulatedHost(id, FleetSimulator.labels(i), id.hashCode()));
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0], ProducerConfig.LINGER_MS_CONFIG, 5),
                     new StringSerializer(), new ByteArraySerializer());
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[7])))) {
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            long sent = 0;
            int next = 0;
            int spikes = 0;
            long nextSpike = start;
            for (long tick = start; tick < end; tick += TICK_NANOS) {
                LockSupport.parkNanos(tick - System.nanoTime());
                // what should have been sent by now: a slow tick is made up, not dropped
                long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
                Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                for (; sent < due; sent++) {
                    HostSnapshot snapshot = fleet.get(next).snapshot(now);
                    next = (next + 1) % hosts;
                    producer.send(new ProducerRecord<>(Topics.SNAPSHOTS, snapshot.host().hostId(),
                            ProtocolJson.write(snapshot)));
                }
                if (System.nanoTime() >= nextSpike) {
                    String id = args[6] + "-" + spikes++;
                    HostSnapshot spike = HostSnapshot.ofStates(new HostIdentity(id, id + ".sim", Map.of(),
                            "simulator"), now, 500, Map.of(TcpState.ESTABLISHED, spikeEstablished));
                    out.println(id + " " + System.currentTimeMillis());
                    producer.send(new ProducerRecord<>(Topics.SNAPSHOTS, id, ProtocolJson.write(spike)));
                    nextSpike += spikeMillis * 1_000_000;
                }
            }
            producer.flush();
            out.println("rate " + sent * 1_000_000_000L / (System.nanoTime() - start));
        }
    }
}
