package dev.tcpfleet.controlplane.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.PostgresTestResource;
import io.quarkus.test.TestTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * alert_silences against the real PostgreSQL: which silences are running, and that one ends once. Each test's rows are
 * rolled back, so the outbox's deliverer never applies them to other tests' alerts.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class SilenceStoreTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);

    @Inject
    SilenceStore store;

    /** Every silence here is for this host, which no other test has. */
    private final String host = "silence-" + UUID.randomUUID();

    @Test
    @TestTransaction
    void runningSilencesAreThoseNotEndedNewestFirst() {
        SilenceView ended = store.add("a-rule", host, "ended", NOW.minusSeconds(1));
        SilenceView endsNow = store.add("a-rule", host, "ends now", NOW);
        SilenceView older = store.add("a-rule", host, "older", NOW.plusSeconds(3600));
        SilenceView newer = store.add(null, host, "newer", NOW.plusSeconds(60));

        assertEquals(List.of(newer.id(), older.id()), mine(store.active(NOW)));
        assertEquals(List.of(newer.id(), older.id(), endsNow.id()), mine(store.active(NOW.minusMillis(1))));
        assertEquals(List.of(newer.id(), older.id(), endsNow.id(), ended.id()),
                mine(store.active(NOW.minusSeconds(2))));
        SilenceView read = store.active(NOW).stream().filter(s -> s.id() == newer.id()).findFirst().orElseThrow();
        assertEquals(newer, read, "a silence reads back as it was added");
        assertNotNull(read.createdAt());
    }

    @Test
    @TestTransaction
    void aSilenceEndsOnceAndOnlyWhileRunningAndStaysOnRecord() {
        SilenceView running = store.add(null, host, "maintenance", NOW.plusSeconds(3600));
        SilenceView over = store.add(null, host, "over", NOW.minusSeconds(60));

        assertEquals(Optional.of(running.id()), store.end(running.id(), NOW));
        assertEquals(Optional.empty(), store.end(running.id(), NOW), "an ended silence was ended again");
        assertEquals(Optional.empty(), store.end(over.id(), NOW), "a silence that was over was ended");
        assertEquals(Optional.empty(), store.end(Long.MAX_VALUE, NOW));

        assertEquals(List.of(), mine(store.active(NOW)));
        assertEquals(List.of(running.id()), mine(store.active(NOW.minusMillis(1))),
                "it ends at the time it was ended, and is kept");
        assertEquals(List.of(over.id(), running.id()), mine(store.active(NOW.minusSeconds(61))),
                "the silence that was over kept its end");
    }

    /** This test's silences among {@code silences}, by id in their order. */
    private List<Long> mine(List<SilenceView> silences) {
        return silences.stream().filter(s -> host.equals(s.hostId())).map(SilenceView::id).toList();
    }
}
