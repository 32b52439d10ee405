package dev.tcpfleet.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.testing.AppProcess;
import dev.tcpfleet.testing.TopicRecords;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A real agent on a namespace host, not given the enrol secret, against a control plane that checks host identity:
 * it waits, pending, with the fingerprint its agent logged; an admin's {@code tcpfleet hosts accept} with that
 * fingerprint lets its snapshots in; {@code tcpfleet hosts revoke} shuts them out again.
 */
class HostEnrolmentIT {
    private static final String HOST = "host-0";
    private static final Pattern FINGERPRINT = Pattern.compile("host key fingerprint ([0-9a-f]{16})");
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void aHostWithoutTheEnrolSecretReportsOnlyOnceAnAdminAcceptsItAndNotOnceRevoked() throws Exception {
        try (TestFleet fleet = TestFleet.start(1, network -> Map.of());
             TcpfleetCli cli = new TcpfleetCli(fleet.baseUrl(), ControlPlaneApi.token())) {
            AppProcess agent = fleet.startAgent(0, Map.of("tcpfleet.agent.enrol-secret", "",
                    "tcpfleet.agent.hostname", "enrol-me.example"));
            String fingerprint = await().atMost(WAIT).until(() -> fingerprint(agent), found -> found != null);

            // pending: listed with the key the agent logged, its snapshots refused and none stored
            await().atMost(WAIT).untilAsserted(() -> {
                TcpfleetCli.Result pending = cli.run("hosts", "pending");
                assertTrue(pending.out().contains(HOST) && pending.out().contains(fingerprint), pending.toString());
            });
            refusedAs("pending", fleet);
            fleet.api().get("/api/hosts/{id}/snapshots/latest", HOST).then().statusCode(404);

            // by the hostname it asked with: a pending host is not among GET /api/hosts yet
            TcpfleetCli.Result accepted = cli.run("hosts", "accept", "enrol-me", "--fingerprint", fingerprint);
            assertEquals(0, accepted.exit(), accepted.toString());
            assertTrue(accepted.out().startsWith("host " + HOST + ": accepted"), accepted.toString());
            await().atMost(WAIT).untilAsserted(() -> fleet.api().get("/api/hosts/{id}/snapshots/latest", HOST)
                    .then().statusCode(200));

            TcpfleetCli.Result revoked = cli.run("hosts", "revoke", "enrol-me.example", "--reason",
                    "host identity test");
            assertEquals(0, revoked.exit(), revoked.toString());
            // once one snapshot is refused as revoked, every later one is: the latest stored stays where it is
            refusedAs("revoked", fleet);
            String latest = latestCollectedAt(fleet);
            long refusedBefore = refusedCount("revoked", fleet);
            await().atMost(WAIT).until(() -> refusedCount("revoked", fleet) >= refusedBefore + 2);
            assertEquals(latest, latestCollectedAt(fleet));
        }
    }

    private static String fingerprint(AppProcess agent) throws IOException {
        Matcher matcher = FINGERPRINT.matcher(Files.readString(agent.log()));
        return matcher.find() ? matcher.group(1) : null;
    }

    private static ConsumerRecord<String, byte[]> refusedAs(String reason, TestFleet fleet) {
        return TopicRecords.awaitFirst(fleet.broker.bootstrapServers(), Topics.DEAD_LETTERS,
                record -> isRefusedAs(reason, record));
    }

    private static long refusedCount(String reason, TestFleet fleet) {
        return TopicRecords.all(fleet.broker.bootstrapServers(), Topics.DEAD_LETTERS).stream()
                .filter(record -> isRefusedAs(reason, record)).count();
    }

    private static boolean isRefusedAs(String reason, ConsumerRecord<String, byte[]> record) {
        var header = record.headers().lastHeader(Topics.DEAD_LETTER_REASON);
        return HOST.equals(record.key()) && header != null
                && new String(header.value(), StandardCharsets.UTF_8).contains("refused, " + reason);
    }

    private static String latestCollectedAt(TestFleet fleet) {
        return fleet.api().get("/api/hosts/{id}/snapshots/latest", HOST).then().statusCode(200).extract()
                .path("collectedAt");
    }
}
