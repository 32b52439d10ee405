package dev.tcpfleet.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.protocol.HostIdentity;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.TcpState;
import dev.tcpfleet.protocol.Topics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A steady stream of snapshots from two hosts ({@code steady-0}, {@code steady-1}) onto a fleet's snapshot topic, one
 * pair every 20 ms, each acknowledged by the broker before it counts as produced, until {@link #close}; and what the
 * fault tests check against it: how many are stored, and how many the control plane read twice. Each host seals its
 * snapshots as its agent would.
 */
final class SteadySnapshots implements AutoCloseable {
    private static final int HOSTS = 2;
    private static final Pattern DUPLICATES =
            Pattern.compile("(?m)^tcpfleet_snapshots_duplicates_total(?:\\{[^}]*})? (\\S+)$");

    private final TestFleet fleet;
    private final KafkaProducer<String, byte[]> producer;
    private final ScheduledExecutorService stream = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger produced = new AtomicInteger();
    private final Instant base = Instant.now().truncatedTo(ChronoUnit.MICROS);

    private SteadySnapshots(TestFleet fleet) {
        this.fleet = fleet;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fleet.broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    static SteadySnapshots start(TestFleet fleet) {
        SteadySnapshots steady = new SteadySnapshots(fleet);
        steady.stream.scheduleAtFixedRate(steady::producePair, 0, 20, TimeUnit.MILLISECONDS);
        return steady;
    }

    private void producePair() {
        int tick = produced.get() / HOSTS;
        for (int host = 0; host < HOSTS; host++) {
            HostSnapshot snapshot = HostSnapshot.ofStates(new HostIdentity("steady-" + host,
                    "steady-" + host + ".example", Map.of(), "test"), base.plusMillis(tick), 1,
                    Map.of(TcpState.ESTABLISHED, tick));
            try {
                producer.send(fleet.hostKeys.record(Topics.SNAPSHOTS, snapshot.host().hostId(),
                        ProtocolJson.write(snapshot))).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the broker did not take snapshot " + tick, e);
            }
            produced.incrementAndGet();
        }
    }

    int produced() {
        return produced.get();
    }

    /** The steady snapshots in the fleet's database. */
    long stored() throws SQLException {
        return count("SELECT count(*) FROM snapshots WHERE host_id LIKE 'steady-%'");
    }

    /** The steady snapshots the database took between {@code from} and {@code to} (by its clock, the machine's). */
    long storedBetween(Instant from, Instant to) throws SQLException {
        return count("SELECT count(*) FROM snapshots WHERE host_id LIKE 'steady-%' AND received_at BETWEEN ? AND ?",
                from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC));
    }

    /** Waits until the control plane has stored {@code count} more than it holds now. */
    void awaitMoreStored(int count) throws SQLException {
        long now = stored();
        await().atMost(Duration.ofSeconds(60)).until(() -> stored() >= now + count);
    }

    /** Stops the stream, then waits until every snapshot it produced is stored, and checks none is stored twice. */
    void assertEachStoredOnce() throws Exception {
        close();
        int total = produced();
        await().atMost(Duration.ofSeconds(120)).until(() -> stored() >= total);
        assertEquals(total, stored());
    }

    /** Snapshots the running control plane read again and found already stored. */
    double duplicatesSeen() {
        String metrics = given().baseUri(fleet.baseUrl()).get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = DUPLICATES.matcher(metrics);
        assertTrue(matcher.find(), "no tcpfleet_snapshots_duplicates_total in /q/metrics");
        return Double.parseDouble(matcher.group(1));
    }

    private long count(String sql, Object... parameters) throws SQLException {
        try (Connection connection = fleet.database.connect();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Stops the stream (waiting for the snapshot being sent) and the producer. */
    @Override
    public void close() throws InterruptedException {
        stream.shutdown();
        try {
            assertTrue(stream.awaitTermination(60, TimeUnit.SECONDS), "the stream did not stop");
        } finally {
            producer.close();
        }
    }
}
