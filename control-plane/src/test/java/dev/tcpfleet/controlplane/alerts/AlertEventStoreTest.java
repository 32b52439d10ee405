package dev.tcpfleet.controlplane.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.protocol.AlertEvent;
import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.PostgresTestResource;
import io.quarkus.test.TestTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The alert_events outbox against the real PostgreSQL: what waits to be published, posted and decided on, in which
 * order, and that each is done once. Each test's events are rolled back: the outbox's deliverer and automation, which
 * would publish, post and decide them meanwhile, never see them.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class AlertEventStoreTest {
    private static final Instant AT = Instant.now().truncatedTo(ChronoUnit.MICROS);
    private static final int ALL = 100_000;

    @Inject
    AlertEventStore store;

    /** This test's events are of its own rules, which no other test has. */
    private final String rule = "events-" + UUID.randomUUID();
    private final String otherRule = rule + "-other";

    private static AlertEventStore.Change change(String rule, String subject, String from, String to,
            boolean webhook) {
        return new AlertEventStore.Change(new AlertEvent(AlertEvent.SCHEMA_VERSION, 0, rule, subject, null, "WARNING",
                from, to, "time_wait", 12_000, 10_000, AT), webhook);
    }

    private static AlertEventStore.Change firing(String rule, String subject) {
        return change(rule, subject, "PENDING", "FIRING", true);
    }

    private static AlertEventStore.Change resolved(String rule, String subject) {
        return change(rule, subject, "FIRING", "RESOLVED", true);
    }

    @Test
    @TestTransaction
    void changesAreRecordedInTheirOrderAndOnlyThoseForTheWebhookAwaitIt() {
        store.add(List.of());
        store.add(List.of(firing(rule, "fleet"), change(rule, "fleet", "FIRING", "OK", false),
                resolved(rule, "campaign:c1")));

        List<AlertEventStore.Delivery> recorded = recorded();
        assertEquals(List.of("FIRING fleet", "OK fleet", "RESOLVED campaign:c1"),
                recorded.stream().map(d -> d.event().to() + " " + d.event().subject()).toList());
        assertEquals(List.of(false, true, false), recorded.stream().map(AlertEventStore.Delivery::webhookDone).toList());
        assertEquals(change(rule, "fleet", "PENDING", "FIRING", true).event(),
                withoutId(recorded.get(0).event()), "an event reads back as it was recorded");
        assertEquals(ids(recorded), ids(mine(store.unpublished(ALL))));
    }

    @Test
    @TestTransaction
    void aPublishedEventIsNotPublishedAgain() {
        store.add(List.of(firing(rule, "fleet"), resolved(rule, "fleet"), firing(otherRule, "fleet")));
        List<Long> ids = ids(recorded());

        store.markPublished(ids.subList(0, 2));

        assertEquals(ids.subList(2, 3), ids(mine(store.unpublished(ALL))));
        assertEquals(List.of(true, true, false),
                recorded().stream().map(AlertEventStore.Delivery::published).toList());
    }

    @Test
    @TestTransaction
    void anAlertsLaterEventWaitsWhileAnEarlierOneBacksOff() {
        store.add(List.of(firing(rule, "fleet"), resolved(rule, "fleet"), firing(rule, "campaign:c1"),
                firing(otherRule, "fleet")));
        List<Long> ids = ids(recorded());
        long firing = ids.get(0);
        long resolved = ids.get(1);
        long otherSubject = ids.get(2);
        long otherRuleSameSubject = ids.get(3);
        assertEquals(ids, ids(mine(store.webhookDue(Instant.now(), ALL))), "all due, oldest first");

        store.recordWebhookTry(firing, false, "503 from the webhook", Instant.now().plusSeconds(60));
        assertEquals(List.of(otherSubject, otherRuleSameSubject), ids(mine(store.webhookDue(Instant.now(), ALL))),
                "the resolution was posted before its firing");
        assertEquals(ids, ids(mine(store.webhookDue(Instant.now().plusSeconds(61), ALL))),
                "the firing is due again after its backoff, and its resolution behind it");

        store.recordWebhookTry(firing, true, null, Instant.now());
        assertEquals(List.of(resolved, otherSubject, otherRuleSameSubject),
                ids(mine(store.webhookDue(Instant.now(), ALL))));
        AlertEventStore.Delivery posted = delivery(firing);
        assertTrue(posted.webhookDone());
        assertEquals(2, posted.webhookAttempts());
        assertEquals(null, posted.webhookError(), "a success clears the last failure");
    }

    @Test
    @TestTransaction
    void aWebhookGivenUpOnOrSkippedIsNotDueAndKeepsWhy() {
        store.add(List.of(firing(rule, "fleet"), firing(otherRule, "fleet")));
        List<Long> ids = ids(recorded());

        store.recordWebhookTry(ids.get(0), true, "gave up: 503", Instant.now());
        store.skipWebhook(ids.get(1), "not posted: silenced by #1");

        assertEquals(List.of(), mine(store.webhookDue(Instant.now().plusSeconds(3600), ALL)));
        assertEquals("gave up: 503", delivery(ids.get(0)).webhookError());
        assertEquals(1, delivery(ids.get(0)).webhookAttempts());
        assertEquals("not posted: silenced by #1", delivery(ids.get(1)).webhookError());
        assertEquals(0, delivery(ids.get(1)).webhookAttempts());
    }

    @Test
    @TestTransaction
    void automationDecidesOnEachFiringOnceOldestFirst() {
        store.add(List.of(change(rule, "fleet", "OK", "PENDING", false), firing(rule, "fleet"),
                resolved(rule, "fleet"), firing(otherRule, "fleet")));
        List<Long> ids = ids(recorded());
        assertEquals(List.of(ids.get(1), ids.get(3)), firingUndecided(), "only alerts going FIRING");

        assertTrue(store.markDecided(ids.get(1)));
        assertFalse(store.markDecided(ids.get(1)), "an event was decided on twice");
        assertEquals(List.of(ids.get(3)), firingUndecided());
    }

    private List<Long> firingUndecided() {
        return store.firingUndecided(ALL).stream().filter(e -> e.rule().startsWith(rule)).map(AlertEvent::eventId)
                .toList();
    }

    private AlertEventStore.Delivery delivery(long id) {
        return store.newest(ALL).stream().filter(d -> d.event().eventId() == id).findFirst().orElseThrow();
    }

    /** This test's events, oldest first, read through newest(), which lists them newest first. */
    private List<AlertEventStore.Delivery> recorded() {
        List<AlertEventStore.Delivery> recorded = new ArrayList<>(mine(store.newest(ALL)));
        assertEquals(ids(recorded).stream().sorted(Comparator.reverseOrder()).toList(), ids(recorded), "newest first");
        Collections.reverse(recorded);
        return recorded;
    }

    /** This test's events among {@code deliveries}, in their order. */
    private List<AlertEventStore.Delivery> mine(List<AlertEventStore.Delivery> deliveries) {
        return deliveries.stream().filter(d -> d.event().rule().startsWith(rule)).toList();
    }

    private static List<Long> ids(List<AlertEventStore.Delivery> deliveries) {
        return deliveries.stream().map(d -> d.event().eventId()).toList();
    }

    private static AlertEvent withoutId(AlertEvent event) {
        return new AlertEvent(event.schemaVersion(), 0, event.rule(), event.subject(), event.hostId(),
                event.severity(), event.from(), event.to(), event.metric(), event.value(), event.threshold(),
                event.at());
    }
}
