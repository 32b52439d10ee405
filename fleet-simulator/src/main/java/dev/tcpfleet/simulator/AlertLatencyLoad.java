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
import java.util.Map;
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
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0], ProducerConfig.LINGER_MS_CONFIG, 20,
                     ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                     new StringSerializer(), new ByteArraySerializer());
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[7])))) {
            SteadyLoad load = new SteadyLoad("latency", hosts);
            // due from now, once the fleet is built: not one every tick until a schedule started earlier catches up
            Spikes spikes = new Spikes(producer, out, args[6], spikeMillis, spikeEstablished);
            long reached = load.run(rate, seconds, (snapshot, body) -> producer.send(
                    new ProducerRecord<>(Topics.SNAPSHOTS, snapshot.host().hostId(), body)), sent -> spikes.due());
            producer.flush();
            out.println("rate " + reached);
        }
    }

    /** A new host over the rule every SPIKE_MS, each noted with when it was sent. */
    private static final class Spikes {
        private final KafkaProducer<String, byte[]> producer;
        private final PrintWriter out;
        private final String prefix;
        private final long everyNanos;
        private final int established;
        private long next = System.nanoTime();
        private int sent;

        Spikes(KafkaProducer<String, byte[]> producer, PrintWriter out, String prefix, long everyMillis,
                int established) {
            this.producer = producer;
            this.out = out;
            this.prefix = prefix;
            this.everyNanos = everyMillis * 1_000_000;
            this.established = established;
        }

        void due() {
            if (System.nanoTime() < next) {
                return;
            }
            String id = prefix + "-" + sent++;
            HostSnapshot spike = HostSnapshot.ofStates(new HostIdentity(id, id + ".sim", Map.of(), "simulator"),
                    Instant.now().truncatedTo(ChronoUnit.MICROS), 500, Map.of(TcpState.ESTABLISHED, established));
            out.println(id + " " + System.currentTimeMillis());
            producer.send(new ProducerRecord<>(Topics.SNAPSHOTS, id, ProtocolJson.write(spike)));
            next += everyNanos;
        }
    }
}
