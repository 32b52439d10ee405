package dev.tcpfleet.simulator;

import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.protocol.commands.CommandSignatures;
import dev.tcpfleet.protocol.identity.HostSealer;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The loads and the first anchor of {@code bench/ingest.sh}: a simulated fleet's snapshots, built by
 * {@link SimulatedHost} exactly as the simulator sends them, put on the snapshot topic and written to CSV, so that
 * the anchors store the very same rows. Each host seals its snapshots, with the fleet's enrol secret, as agents do, when
 * the environment holds the control plane's public key ({@code TCPFLEET_AGENT_COMMAND_PUBLIC_KEY}) and the secret
 * ({@code TCPFLEET_AGENT_ENROL_SECRET}), so that the control plane's check of each is part of what is measured.
 *
 * <ul>
 *   <li>{@code produce BOOTSTRAP HOSTS ROUNDS START CSV}: a backlog, HOSTS hosts reporting every 10 s for ROUNDS
 *   rounds from START; prints the count and the average message size in bytes.</li>
 *   <li>{@code stream BOOTSTRAP HOSTS RATE SECONDS CSV PROGRESS}: RATE snapshots a second for SECONDS, each host in
 *   turn, collected when sent; PROGRESS holds how many have been sent so far, rewritten every 100 ms; prints the
 *   count and the average size once done.</li>
 *   <li>{@code one-by-one JDBC_URL USER CSV LIMIT}: inserts the first LIMIT rows of CSV into snapshots with plain
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
            case "stream" -> stream(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Long.parseLong(args[4]), Path.of(args[5]), Path.of(args[6]));
            case "one-by-one" -> oneByOne(args[1], args[2], Path.of(args[3]), Long.parseLong(args[4]));
            default -> {
                System.err.println("usage: IngestLoad produce BOOTSTRAP HOSTS ROUNDS START_EPOCH_S CSV"
                        + " | stream BOOTSTRAP HOSTS RATE SECONDS CSV PROGRESS | one-by-one JDBC_URL USER CSV LIMIT");
                System.exit(2);
            }
        }
    }

    private static void produce(String bootstrap, int hosts, int rounds, Instant start, Path csv) throws IOException {
        List<SimulatedHost> fleet = SteadyLoad.fleet("ingest", hosts);
        try (Sink sink = new Sink(bootstrap, csv, fleet)) {
            for (int round = 0; round < rounds; round++) {
                Instant at = start.plusSeconds((long) round * INTERVAL_SECONDS);
                for (SimulatedHost host : fleet) {
                    HostSnapshot snapshot = host.snapshot(at);
                    sink.accept(snapshot, ProtocolJson.write(snapshot));
                }
            }
            System.out.println(sink.summary());
        }
    }

    private static void stream(String bootstrap, int hosts, int rate, long seconds, Path csv, Path progress)
            throws IOException {
        SteadyLoad load = new SteadyLoad("ingest", hosts);
        try (Sink sink = new Sink(bootstrap, csv, load.hosts())) {
            long[] reported = {System.nanoTime()};
            load.run(rate, seconds, sink::accept, sent -> {
                if (System.nanoTime() - reported[0] >= 100_000_000L) {
                    reported[0] = System.nanoTime();
                    write(progress, sent);
                }
            });
            sink.flush();
            write(progress, sink.count);
            System.out.println(sink.summary());
        }
    }

    /** Rewritten whole (a rename), so a reader never sees half a number. */
    private static void write(Path progress, long sent) {
        try {
            Path next = progress.resolveSibling(progress.getFileName() + ".next");
            Files.writeString(next, sent + "\n");
            Files.move(next, progress, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The snapshot topic and the CSV that COPY reads: every snapshot goes to both. */
    private static final class Sink implements AutoCloseable {
        private final KafkaProducer<String, byte[]> producer;
        private final BufferedWriter rows;
        private final Map<String, HostSealer> sealers;
        private long count;
        private long bytes;

        Sink(String bootstrap, Path csv, List<SimulatedHost> fleet) throws IOException {
            sealers = environment("TCPFLEET_AGENT_COMMAND_PUBLIC_KEY")
                    .map(key -> SimulatedHostKeys.forHosts(fleet.stream().map(SimulatedHost::hostId).toList(),
                            CommandSignatures.publicKey(key), environment("TCPFLEET_AGENT_ENROL_SECRET")))
                    .orElse(Map.of());
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 20,
                    ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024), new StringSerializer(), new ByteArraySerializer());
            rows = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
        }

        void accept(HostSnapshot snapshot, byte[] body) {
            producer.send(SimulatedHostKeys.record(sealers, Topics.SNAPSHOTS, snapshot.host().hostId(), body));
            count++;
            bytes += body.length;
            try {
                rows.write(snapshot.host().hostId() + "," + snapshot.collectedAt() + "," + snapshot.schemaVersion()
                        + ",\"" + new String(body, StandardCharsets.UTF_8).replace("\"", "\"\"") + "\"\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static Optional<String> environment(String name) {
            return Optional.ofNullable(System.getenv(name)).filter(value -> !value.isBlank());
        }

        /** Returns once the broker has every snapshot handed so far. */
        void flush() {
            producer.flush();
        }

        String summary() {
            return count + " " + (count == 0 ? 0 : bytes / count);
        }

        @Override
        public void close() throws IOException {
            producer.close();
            rows.close();
        }
    }

    private static void oneByOne(String url, String user, Path csv, long limit) throws SQLException, IOException {
        // read beforehand: what is timed is the database's part only
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null && rows.size() < limit; line = reader.readLine()) {
                // host,collectedAt,schemaVersion,"body with "" for each quote": the first three hold no comma
                String[] columns = line.split(",", 4);
                columns[3] = columns[3].substring(1, columns[3].length() - 1).replace("\"\"", "\"");
                rows.add(columns);
            }
        }
        try (Connection connection = DriverManager.getConnection(url, user, "");
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO snapshots (host_id, collected_at, schema_version, body)
                     VALUES (?, ?, ?, CAST(? AS jsonb)) ON CONFLICT (host_id, collected_at) DO NOTHING""")) {
            long started = System.nanoTime();
            for (String[] row : rows) {
                insert.setString(1, row[0]);
                insert.setTimestamp(2, Timestamp.from(Instant.parse(row[1])));
                insert.setInt(3, Integer.parseInt(row[2]));
                insert.setString(4, row[3]);
                insert.executeUpdate();
            }
            System.out.println(rows.size() + " " + (System.nanoTime() - started) / 1_000_000);
        }
    }
}
