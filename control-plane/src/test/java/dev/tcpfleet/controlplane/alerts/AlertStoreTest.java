package dev.tcpfleet.controlplane.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.controlplane.CrossingTransactions;
import dev.tcpfleet.controlplane.SnapshotMessages;
import dev.tcpfleet.controlplane.hosts.HostRegistry;
import dev.tcpfleet.domain.alerts.AlertState;
import dev.tcpfleet.domain.alerts.AlertState.Status;
import dev.tcpfleet.domain.ingest.SnapshotBatch;
import dev.tcpfleet.protocol.AlertEvent;
import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.PostgresTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.TestTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Alert states against the real PostgreSQL: one row per rule and subject, replaced in place, read and locked per host.
 * Most tests' rows are rolled back: the judges, stale check and automation never see them.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class AlertStoreTest {
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(600);

    @Inject
    AlertStore store;

    @Inject
    AlertEventStore events;

    @Inject
    AlertRuleStore rules;

    @Inject
    HostRegistry hosts;

    @Inject
    EntityManager em;

    /** This test's rules, which no other test or judge has. */
    private final String rule = "alerts-" + UUID.randomUUID();

    private static AlertState state(Status status, long sinceSeconds, double value) {
        return new AlertState(status, T0.plusSeconds(sinceSeconds), value, T0.plusSeconds(sinceSeconds + 1));
    }

    private AlertStore.Row row(String ruleSuffix, AlertSubject subject, AlertState state) {
        return new AlertStore.Row(rule + ruleSuffix, subject, state);
    }

    /** A host that reported just now (not stale: the stale check leaves it alone), as an alert's host_id must be. */
    private AlertSubject host() {
        String id = "alerts-" + UUID.randomUUID();
        hosts.recordSeen(SnapshotBatch.sightings(List.of(SnapshotMessages.snapshot(id, Instant.now(), Map.of(), 1))));
        return AlertSubject.host(id);
    }

    @Test
    @TestTransaction
    void anAlertNeverJudgedIsInitialAndEachSaveReplacesItsOneRow() {
        AlertSubject campaign = AlertSubject.campaign("c-" + UUID.randomUUID());
        assertEquals(AlertState.initial(), store.lock(rule, AlertSubject.FLEET));
        store.save(List.of());

        store.save(List.of(row("", AlertSubject.FLEET, state(Status.PENDING, 1, 5)),
                row("", campaign, state(Status.FIRING, 2, 0.5))));
        store.save(List.of(row("", AlertSubject.FLEET, state(Status.FIRING, 3, 7))));

        assertEquals(state(Status.FIRING, 3, 7), store.lock(rule, AlertSubject.FLEET));
        assertEquals(state(Status.FIRING, 2, 0.5), store.lock(rule, campaign), "another subject's alert was touched");
        assertEquals(List.of("FIRING fleet", "FIRING " + campaign.id()), mine(store.withStatus(List.of(Status.values()))),
                "one row per rule and subject");
    }

    @Test
    @TestTransaction
    void aHostsStatesAreItsOwnHostAlertsByRule() {
        AlertSubject a = host();
        AlertSubject b = host();
        AlertSubject silent = host();
        store.save(List.of(row("-1", a, state(Status.PENDING, 1, 1)), row("-2", a, state(Status.FIRING, 2, 2)),
                row("-1", b, state(Status.OK, 3, 3)), row("-1", AlertSubject.FLEET, state(Status.FIRING, 4, 4))));

        Map<String, Map<String, AlertState>> states = store.forHosts(List.of(b.id(), silent.id(), a.id()));

        assertEquals(Map.of(a.id(), Map.of(rule + "-1", state(Status.PENDING, 1, 1), rule + "-2",
                state(Status.FIRING, 2, 2)), b.id(), Map.of(rule + "-1", state(Status.OK, 3, 3))), states);
    }

    @Test
    @TestTransaction
    void firingSinceIsWhatFiresNowOrWentFiringSinceOnThatHostOnly() {
        AlertSubject host = host();
        AlertSubject other = host();
        Instant since = T0.plusSeconds(100);
        store.save(List.of(row("-a-firing", host, state(Status.FIRING, 10, 1)),
                row("-b-fired-since", host, state(Status.RESOLVED, 150, 1)),
                row("-c-fired-before", host, state(Status.RESOLVED, 90, 1)),
                row("-d-pending", host, state(Status.PENDING, 120, 1)),
                row("-e-elsewhere", other, state(Status.FIRING, 120, 1))));
        events.add(List.of(firedAt("-a-firing", host, since.plusSeconds(1)), firedAt("-b-fired-since", host, since),
                firedAt("-c-fired-before", host, since.minusMillis(1)), firedAt("-e-elsewhere", other, since)));

        assertEquals(List.of(rule + "-a-firing", rule + "-b-fired-since"), store.firingSince(host.id(), since).stream()
                .filter(r -> r.startsWith(rule)).toList());
        assertTrue(store.isFiring(rule + "-a-firing", host.id()));
        assertFalse(store.isFiring(rule + "-b-fired-since", host.id()));
        assertFalse(store.isFiring(rule + "-e-elsewhere", host.id()));
    }

    private AlertEventStore.Change firedAt(String ruleSuffix, AlertSubject host, Instant at) {
        return new AlertEventStore.Change(new AlertEvent(AlertEvent.SCHEMA_VERSION, 0, rule + ruleSuffix, host.id(),
                host.hostId(), "WARNING", "PENDING", "FIRING", "time_wait", 1, 0, at), false);
    }

    @Test
    @TestTransaction
    void alertsListOnlyTheStatusesAskedNewestChangeFirst() {
        store.save(List.of(row("-b", AlertSubject.FLEET, state(Status.FIRING, 5, 1)),
                row("-a", AlertSubject.FLEET, state(Status.PENDING, 5, 1)),
                row("-a", AlertSubject.campaign("x"), state(Status.FIRING, 5, 1)),
                row("-c", AlertSubject.FLEET, state(Status.FIRING, 9, 1)),
                row("-d", AlertSubject.FLEET, state(Status.RESOLVED, 20, 1)),
                row("-e", AlertSubject.FLEET, state(Status.OK, 30, 1))));

        assertEquals(List.of("FIRING fleet", "FIRING campaign:x", "PENDING fleet", "FIRING fleet"),
                mine(store.withStatus(List.of(Status.FIRING, Status.PENDING))));
        assertEquals(List.of(rule + "-c", rule + "-a", rule + "-a", rule + "-b"),
                store.withStatus(List.of(Status.FIRING, Status.PENDING)).stream().map(AlertStore.Row::rule)
                        .filter(r -> r.startsWith(rule)).toList(), "ties by rule, then subject");
    }

    @Test
    void aJudgeWaitsForAnotherJudgingTheSameAlertAndReadsWhatItDecided() {
        QuarkusTransaction.requiringNew().run(() -> store.save(List.of(row("", AlertSubject.FLEET,
                state(Status.OK, 0, 0)))));
        try (CrossingTransactions.Held first = CrossingTransactions.hold(() -> {
            store.lock(rule, AlertSubject.FLEET);
            store.save(List.of(row("", AlertSubject.FLEET, state(Status.PENDING, 1, 5))));
        })) {
            CompletableFuture<AlertState> second = CrossingTransactions.waitingOnALock(em, "FOR UPDATE",
                    () -> store.lock(rule, AlertSubject.FLEET));

            first.commit();

            assertEquals(state(Status.PENDING, 1, 5), second.join());
        } finally {
            rules.delete(rule, false); // drops the rule's alerts: no rule of that name exists
        }
    }

    @Test
    void aHostsJudgeWaitsForAnotherJudgingTheSameHost() {
        AlertSubject host = QuarkusTransaction.requiringNew().call(() -> {
            AlertSubject judged = host();
            store.save(List.of(row("", judged, state(Status.OK, 0, 0))));
            return judged;
        });
        try (CrossingTransactions.Held first = CrossingTransactions.hold(() -> {
            store.forHosts(List.of(host.id()));
            store.save(List.of(row("", host, state(Status.FIRING, 1, 5))));
        })) {
            CompletableFuture<Map<String, Map<String, AlertState>>> second = CrossingTransactions.waitingOnALock(em,
                    "FOR UPDATE", () -> store.forHosts(List.of(host.id())));

            first.commit();

            assertEquals(Map.of(rule, state(Status.FIRING, 1, 5)), second.join().get(host.id()));
        } finally {
            rules.delete(rule, false);
        }
    }

    /** This test's alerts among {@code rows}, as status and subject, in their order. */
    private List<String> mine(List<AlertStore.Row> rows) {
        return rows.stream().filter(r -> r.rule().startsWith(rule))
                .map(r -> r.state().status() + " " + r.subject().id()).toList();
    }
}
