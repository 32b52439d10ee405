package dev.tcpfleet.controlplane.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.PostgresTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The audit trail's retention against the real PostgreSQL: old entries and counts go, recent ones stay. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class AuditRetentionTest {
    @Inject
    AuditLog log;
    @Inject
    EntityManager em;

    @Test
    void entriesOlderThanTheCutoffAreDeletedAndNoOthers() {
        String old = "old-" + UUID.randomUUID();
        String recent = "recent-" + UUID.randomUUID();
        log.record("test", "test.old", old, Map.of(), "done");
        log.record("test", "test.recent", recent, Map.of(), "done");
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE audit_events SET at = now() - interval '500 days' WHERE target = ?1")
                .setParameter(1, old).executeUpdate());

        String oldSource = "203.0.113.9";
        log.addRefusals(Map.of(new RefusalTally.Key(oldSource, Instant.now().minus(Duration.ofDays(500)),
                "POST /api/tokens"), 3L));

        long dropped = log.dropOlderThan(Instant.now().minus(Duration.ofDays(400)));

        assertEquals(2, dropped, "only the backdated entry and the old count of refusals are that old");
        assertEquals(List.of(), log.newest(oldSource, null, Long.MAX_VALUE, 10));
        assertEquals(List.of(), log.newest(old, null, Long.MAX_VALUE, 10));
        assertEquals(1, log.newest(recent, null, Long.MAX_VALUE, 10).size());
    }
}
