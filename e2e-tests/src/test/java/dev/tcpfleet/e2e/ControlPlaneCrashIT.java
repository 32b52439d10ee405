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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
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
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The control plane SIGKILLed in the middle of a steady snapshot stream and started again on the same broker and
 * database: offsets are committed only after a snapshot's transaction, so what it had stored but not committed is
 * read again, and the snapshot key makes that second copy a no-op. Every snapshot is stored exactly once.
 */
class ControlPlaneCrashIT {
    private static final int HOSTS = 2;
    private static final Pattern DUPLICATES = Pattern.compile("(?m)^tcpfleet_snapshots_duplicates_total(?:\\{[^}]*})? (\\S+)$");

    @Test
    void everySnapshotIsStoredExactlyOnceAcrossAKill() throws Exception {
        try (TestFleet fleet = TestFleet.start(0, network -> Map.of());
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fleet.broker.bootstrapServers(),
                     ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            AtomicInteger produced = new AtomicInteger();
            Instant base = Instant.now().truncatedTo(ChronoUnit.MICROS);
            ScheduledExecutorService stream = Executors.newSingleThreadScheduledExecutor();
            try {
                stream.scheduleAtFixedRate(() -> {
                    int tick = produced.get() / HOSTS;
                    for (int host = 0; host < HOSTS; host++) {
                        HostSnapshot snapshot = HostSnapshot.ofStates(new HostIdentity("steady-" + host,
                                "steady-" + host + ".example", Map.of(), "test"), base.plusMillis(tick), 1,
                                Map.of(TcpState.ESTABLISHED, tick));
                        try {
                            producer.send(new ProducerRecord<>(Topics.SNAPSHOTS, snapshot.host().hostId(),
                                    ProtocolJson.write(snapshot))).get(30, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            throw new IllegalStateException("the broker did not take snapshot " + tick, e);
                        }
                        produced.incrementAndGet();
                    }
                }, 0, 20, TimeUnit.MILLISECONDS);

                await().atMost(Duration.ofSeconds(60)).until(() -> stored(fleet) >= 200);
                fleet.crashControlPlane();
                long storedAfterRestart = stored(fleet);
                await().atMost(Duration.ofSeconds(60)).until(() -> stored(fleet) >= storedAfterRestart + 200);
            } finally {
                stream.shutdown();
                assertTrue(stream.awaitTermination(60, TimeUnit.SECONDS), "the stream did not stop");
            }

            int total = produced.get();
            await().atMost(Duration.ofSeconds(120)).until(() -> stored(fleet) >= total);
            assertEquals(total, stored(fleet));
            assertTrue(duplicatesSeen(fleet) > 0,
                    "the kill came between storing and committing, so some snapshots were read twice");
        }
    }

    private static long stored(TestFleet fleet) throws SQLException {
        try (Connection connection = fleet.database.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM snapshots WHERE host_id LIKE 'steady-%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Snapshots the restarted control plane read again and found already stored. */
    private static double duplicatesSeen(TestFleet fleet) {
        String metrics = given().baseUri(fleet.baseUrl()).get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = DUPLICATES.matcher(metrics);
        assertTrue(matcher.find(), "no tcpfleet_snapshots_duplicates_total in /q/metrics");
        return Double.parseDouble(matcher.group(1));
    }
}
