package dev.tcpfleet.controlplane.alerts.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcpfleet.protocol.AlertEvent;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The order kept while the outbox delivers many events at once. */
class DeliveryOrderTest {

    private static AlertEvent event(long id, String rule, String subject, String to) {
        return new AlertEvent(AlertEvent.SCHEMA_VERSION, id, rule, subject, subject, "WARNING", "PENDING", to,
                "established", 1_600, 1_500, Instant.EPOCH);
    }

    @Test
    void everyEventThatWentThroughIsPublishedWhenNoneFailed() {
        List<AlertEvent> batch = List.of(event(1, "r", "a", "FIRING"), event(2, "r", "b", "FIRING"),
                event(3, "r", "a", "RESOLVED"));

        assertEquals(List.of(1L, 2L, 3L), DeliveryOrder.published(batch, Set.of()));
    }

    @Test
    void aFailedEventHoldsBackTheLaterOnesOfItsSubjectOnly() {
        List<AlertEvent> batch = List.of(event(1, "r", "a", "PENDING"), event(2, "r", "a", "FIRING"),
                event(3, "r", "b", "FIRING"), event(4, "other", "a", "FIRING"), event(5, "r", "a", "RESOLVED"),
                event(6, "r", "b", "RESOLVED"));

        // 4 and 5 went through after 2 failed: they are sent again after it, so subject a's last word stays 5
        assertEquals(List.of(1L, 3L, 6L), DeliveryOrder.published(batch, Set.of(2L)));
    }

    @Test
    void eventsAreQueuedPerAlertInTheirOrder() {
        AlertEvent aFiring = event(1, "r", "a", "FIRING");
        AlertEvent bFiring = event(2, "r", "b", "FIRING");
        AlertEvent aOther = event(3, "other", "a", "FIRING");
        AlertEvent aResolved = event(4, "r", "a", "RESOLVED");
        AlertEvent bResolved = event(5, "r", "b", "RESOLVED");

        var queues = DeliveryOrder.byAlert(List.of(aFiring, bFiring, aOther, aResolved, bResolved), e -> e);

        assertEquals(List.of(List.of(aFiring, aResolved), List.of(bFiring, bResolved), List.of(aOther)),
                List.copyOf(queues));
    }
}
