package dev.tcpfleet.simulator;

import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.Topics;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The load and the first anchor of {@code bench/ingest.sh}: a simulated fleet's snapshots, HOSTS hosts reporting
 * every 10 s for ROUNDS rounds from START, built by {@link SimulatedHost} exactly as the simulator sends them.
 * The same arguments give the same snapshots, byte for byte, so each mode writes the same rows.
 *
 * <ul>
 *   <li>{@code produce BOOTSTRAP HOSTS ROUNDS START CSV}: puts them on the snapshot topic, and in CSV for
 *   PostgreSQL's COPY; prints the count and the average message size in bytes.</li>
 *   <li>{@code one-by-one JDBC_URL USER HOSTS ROUNDS START LIMIT}: inserts the first LIMIT into snapshots with plain
 *   JDBC, one row per transaction (autocommit), as the control plane stored a snapshot before batching; prints
 *   the rows and the milliseconds. The hosts must exist (snapshots reference them).</li>
 * </ul>
 */
public final class IngestLoad {
    private static final int INTERVAL_SECONDS = 10;

    private IngestLoad() {
    }

    public static void main(String[] args) throws Exception {
        switch (args.length > 0 ? args[0] : "") {
            case "produce" -> produce(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Instant.ofEpochSecond(Long.parseLong(args[4])), Path.of(args[5]));
            case "one-by-one" -> oneByOne(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    Instant.ofEpochSecond(Long.parseLong(args[5])), Long.parseLong(args[6]));
            default -> {
                System.err.println("usage: IngestLoad produce BOOTSTRAP HOSTS ROUNDS START_EPOCH_S CSV"
                        + " | one-by-one JDBC_URL USER HOSTS ROUNDS START_EPOCH_S LIMIT");
                System.exit(2);
            }
        }
    }

    /** Each round, every host's snapshot, in host order; the same each time for the same arguments. */
    static void fleet(int hosts, int rounds, Instant start, BiConsumer<HostSnapshot, byte[]> each) {
        List<SimulatedHost> fleet = new ArrayList<>(hosts);
        for (int i = 0; i < hosts; i++) {
            String id = "ingest-" + i;
            fleet.add(new SimulatedHost(id, FleetSimulator.labels(i), id.hashCode()));
        }
        for (int round = 0; round < rounds; round++) {
            Instant at = start.plusSeconds((long) round * INTERVAL_SECONDS);
            for (SimulatedHost host : fleet) {
                HostSnapshot snapshot = host.snapshot(at);
                each.accept(snapshot, ProtocolJson.write(snapshot));
            }
        }
    }

    private static void produce(String bootstrap, int hosts, int rounds, Instant start, Path csv) throws IOException {
        long[] totals = new long[2];
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                     ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                     new StringSerializer(), new ByteArraySerializer());
             BufferedWriter rows = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            fleet(hosts, rounds, start, (snapshot, body) -> {
                producer.send(new ProducerRecord<>(Topics.SNAPSHOTS, snapshot.host().hostId(), body));
                totals[0]++;
                totals[1] += body.length;
                try {
                    rows.write(snapshot.host().hostId() + "," + snapshot.collectedAt() + "," + snapshot.schemaVersion()
                            + ",\"" + new String(body, StandardCharsets.UTF_8).replace("\"", "\"\"") + "\"\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            producer.flush();
        }
        System.out.println(totals[0] + " " + totals[1] / totals[0]);
    }

    private static void oneByOne(String url, String user, int hosts, int rounds, Instant start, long limit)
            throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, "");
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO snapshots (host_id, collected_at, schema_version, body)
                     VALUES (?, ?, ?, CAST(? AS jsonb)) ON CONFLICT (host_id, collected_at) DO NOTHING""")) {
            // built beforehand: what is timed is the database's part only
            List<HostSnapshot> snapshots = new ArrayList<>();
            List<byte[]> bodies = new ArrayList<>();
            fleet(hosts, rounds, start, (snapshot, body) -> {
                if (snapshots.size() < limit) {
                    snapshots.add(snapshot);
                    bodies.add(body);
                }
            });
            long started = System.nanoTime();
            for (int i = 0; i < snapshots.size(); i++) {
                insert.setString(1, snapshots.get(i).host().hostId());
                insert.setTimestamp(2, Timestamp.from(snapshots.get(i).collectedAt()));
                insert.setInt(3, snapshots.get(i).schemaVersion());
                insert.setString(4, new String(bodies.get(i), StandardCharsets.UTF_8));
                insert.executeUpdate();
            }
            System.out.println(snapshots.size() + " " + (System.nanoTime() - started) / 1_000_000);
        }
    }
}
