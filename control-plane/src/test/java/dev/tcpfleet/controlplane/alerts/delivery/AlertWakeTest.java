package dev.tcpfleet.controlplane.alerts.delivery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcpfleet.controlplane.SnapshotMessages;
import dev.tcpfleet.testing.KafkaBrokerProcess;
import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.PostgresTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * With the scheduled delivery an hour apart, an alert recorded by ingest reaches the webhook and the topic all the
 * same: the commit's notification wakes the delivery, also once the listening connection was lost and opened again.
 */
@QuarkusTest
@TestProfile(AlertWakeTest.HourlySchedule.class)
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class AlertWakeTest {
    static final WebhookReceiver RECEIVER = new WebhookReceiver(event -> 204);

    public static class HourlySchedule implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tcpfleet.alerts.webhook-url", RECEIVER.url(), "tcpfleet.alerts.notify-interval", "1h");
        }
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.stop();
    }

    KafkaBrokerProcess broker;

    @Inject
    AgroalDataSource database;

    @Test
    void aRecordedAlertWakesItsDeliveryAlsoAfterTheListenerLostItsConnection() throws SQLException {
        // listening before the snapshots are sent: what the listener delivers on (re)connecting is older than them
        int listener = awaitListener(Optional.empty());
        firesAndIsDelivered("wake-" + UUID.randomUUID());

        try (Connection connection = database.getConnection();
                PreparedStatement kill = connection.prepareStatement("SELECT pg_terminate_backend(?)")) {
            kill.setInt(1, listener);
            kill.execute();
        }
        awaitListener(Optional.of(listener));
        firesAndIsDelivered("rewake-" + UUID.randomUUID());
    }

    private void firesAndIsDelivered(String host) {
        try (SnapshotMessages messages = new SnapshotMessages(broker)) {
            messages.sendTogether(AlertNotificationTest.firing(host, AlertNotificationTest.tenMinutesAgo()));
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> RECEIVER.taken(host, AlertNotificationTest.RULE).contains("FIRING"));
        assertEquals(List.of("PENDING", "FIRING"), PublishedAlerts.statuses(broker, host, AlertNotificationTest.RULE, 2));
    }

    /** The process id of the backend LISTENing for alert events, once there is one other than {@code not}. */
    private int awaitListener(Optional<Integer> not) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (Connection connection = database.getConnection();
                    PreparedStatement find = connection.prepareStatement("SELECT pid FROM pg_stat_activity"
                            + " WHERE datname = current_database() AND application_name = ? AND query = ?")) {
                find.setString(1, AlertOutboxListener.APPLICATION_NAME);
                find.setString(2, "LISTEN " + AlertOutboxListener.CHANNEL);
                try (ResultSet rs = find.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getInt(1)) : Optional.<Integer>empty();
                }
            }
        }, pid -> pid.isPresent() && !pid.equals(not)).orElseThrow();
    }
}
