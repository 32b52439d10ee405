package dev.tcpfleet.controlplane.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.controlplane.SnapshotMessages;
import dev.tcpfleet.controlplane.alerts.HostFiguresStore;
import dev.tcpfleet.controlplane.errors.Refused;
import dev.tcpfleet.controlplane.enrolment.Enrolment;
import dev.tcpfleet.controlplane.enrolment.EnrolmentStatus;
import dev.tcpfleet.controlplane.enrolment.EnrolmentStore;
import dev.tcpfleet.domain.ingest.SnapshotBatch.Sighting;
import dev.tcpfleet.protocol.HostIdentity;
import dev.tcpfleet.protocol.identity.HostKeys;
import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.PostgresTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The hosts table against the real PostgreSQL: what a sighting may change, and which hosts fleet work may choose. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class HostRegistryTest {
    private static final byte[] KEY = HostKeys.generate().publicKey();

    @Inject
    HostRegistry registry;

    @Inject
    EnrolmentStore enrolments;

    @Inject
    HostFiguresStore figures;

    private final String prefix = "registry-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(3600);

    /** What one snapshot said of its host, and when it was collected. */
    record Seen(String hostname, Map<String, String> labels, String version, long first, long last) {
        Sighting of(String host, Instant t0) {
            return new Sighting(new HostIdentity(host, hostname, labels, version), t0.plusSeconds(first),
                    t0.plusSeconds(last));
        }
    }

    private void see(String host, Seen... sightings) {
        for (Seen seen : sightings) {
            QuarkusTransaction.requiringNew().run(() -> registry.recordSeen(List.of(seen.of(host, t0))));
        }
    }

    private void see(String host, String hostname, Map<String, String> labels, Instant last) {
        QuarkusTransaction.requiringNew().run(() -> registry.recordSeen(List.of(new Sighting(
                new HostIdentity(host, hostname, labels, "1.0"), last, last))));
    }

    private Host host(String id) {
        return registry.find(id).orElseThrow();
    }

    @Test
    void theNewestSightingNamesTheHostAndNoLateOneRewindsItThoughItMayMoveFirstSeenBack() {
        Seen a = new Seen("a.example", Map.of("env", "a"), "1.0", 100, 200);
        Seen b = new Seen("b.example", Map.of("env", "b", "zone", "z"), "2.0", 300, 400);
        Seen sameLast = new Seen("c.example", Map.of(), "3.0", 150, 200);
        // the sightings in the order they arrive, and the host then: what the newest said, first and last seen
        record Case(String name, List<Seen> arrive, Seen newest, long first, long last) {
        }
        List<Case> cases = List.of(
                new Case("a first sighting", List.of(a), a, 100, 200),
                new Case("a newer one renames, relabels and moves last seen on", List.of(a, b), b, 100, 400),
                new Case("a late older one rewinds nothing but moves first seen back", List.of(b, a), b, 100, 400),
                new Case("a redelivery changes nothing", List.of(b, b), b, 300, 400),
                new Case("one as new as the last replaces what it says", List.of(a, sameLast), sameLast, 100, 200));
        for (Case c : cases) {
            String id = prefix + UUID.randomUUID();
            see(id, c.arrive().toArray(Seen[]::new));

            Host host = host(id);
            assertEquals(new Host(id, c.newest().hostname(), c.newest().labels(), c.newest().version(),
                    t0.plusSeconds(c.first()), t0.plusSeconds(c.last()), null), host, c.name());
        }
    }

    @Test
    void oneBatchRegistersEachOfItsHostsAndAnEmptyOneWritesNothing() {
        List<String> ids = List.of(prefix + "batch-b", prefix + "batch-a", prefix + "batch-c");
        QuarkusTransaction.requiringNew().run(() -> registry.recordSeen(ids.stream()
                .map(id -> new Seen(id + ".example", Map.of("batch", prefix), "1.0", 10, 20).of(id, t0)).toList()));
        QuarkusTransaction.requiringNew().run(() -> registry.recordSeen(List.of()));

        assertEquals(ids.stream().sorted().toList(), registry.all().stream().map(Host::id)
                .filter(ids::contains).toList(), "every host, in id order");
        assertEquals(Map.of("batch", prefix), host(ids.get(0)).labels());
    }

    @Test
    void labelsReadBackAsWrittenAndAHostWithoutThemHasAnEmptyMap() {
        Map<String, String> labels = Map.of("team", "net.core", "app.kubernetes.io/name", "web-1", "z", "0");
        see(prefix + "labelled", new Seen("l", labels, "1.0", 1, 2));
        see(prefix + "bare", new Seen("b", Map.of(), "1.0", 1, 2));

        assertEquals(labels, host(prefix + "labelled").labels());
        assertEquals(Map.of(), host(prefix + "bare").labels());
    }

    @Test
    void anUnknownIdOrOneNoHostCanHaveIsNoHost() {
        assertTrue(registry.find(prefix + "never-seen").isEmpty());
        assertTrue(registry.find("bad\u0000id").isEmpty());
    }

    @Test
    void silentSinceListsOnlyHostsLastSeenStrictlyBeforeTheCutoffWithWhen() {
        see(prefix + "silent", new Seen("s", Map.of(), "1.0", 100, 100));
        see(prefix + "at-cutoff", new Seen("c", Map.of(), "1.0", 200, 200));
        see(prefix + "talking", new Seen("t", Map.of(), "1.0", 300, 300));

        Map<String, Instant> silent = registry.silentSince(t0.plusSeconds(200));

        assertEquals(List.of(prefix + "silent"), silent.keySet().stream().filter(id -> id.startsWith(prefix)).toList());
        assertEquals(t0.plusSeconds(100), silent.get(prefix + "silent"));
    }

    @Test
    void onlyAcceptedHostsAreChosenAndNamingAnyOtherIsRefusedAtItsPlace() {
        String accepted = enrolled("accepted", EnrolmentStatus.ACCEPTED);
        Map<String, String> others = Map.of(
                enrolled("pending", EnrolmentStatus.PENDING), "pending",
                enrolled("rejected", EnrolmentStatus.REJECTED), "rejected",
                enrolled("revoked", EnrolmentStatus.REVOKED), "revoked",
                enrolled("unenrolled", null), "null");

        assertEquals("accepted", host(accepted).enrolment());
        others.forEach((id, status) -> assertEquals(status, String.valueOf(host(id).enrolment()), id));
        assertNull(host(prefix + "unenrolled").enrolment());

        assertEquals(List.of(accepted), registry.select(null, new SelectorRequest(null, "team=" + team(), null,
                true), registry.all()).selected());
        assertEquals(List.of(accepted), registry.select(null, new SelectorRequest(List.of(accepted), null, null,
                true), registry.all()).selected());
        others.forEach((id, status) -> {
            Refused.Invalid refused = assertThrows(Refused.Invalid.class, () -> registry.select("selector",
                    new SelectorRequest(List.of(accepted, id), null, null, true), registry.all()), id);
            assertEquals("selector.hosts[1]", refused.field(), id);
            assertTrue(refused.getMessage().contains("is " + status), refused.getMessage());
        });
    }

    /** This test's team: its prefix without the trailing dash, which no label value may end in. */
    private String team() {
        return prefix.substring(0, prefix.length() - 1);
    }

    /** A host seen under this test's team label, with an enrolment of {@code status} (none when null). */
    private String enrolled(String name, EnrolmentStatus status) {
        String id = prefix + name;
        see(id, new Seen(name, Map.of("team", team()), "1.0", 0, 3600));
        if (status == null) {
            return id;
        }
        Enrolment pending = new Enrolment(id, EnrolmentStatus.PENDING, KEY, null);
        Enrolment accepted = new Enrolment(id, EnrolmentStatus.ACCEPTED, KEY, null);
        QuarkusTransaction.requiringNew().run(() -> {
            switch (status) {
                case PENDING -> enrolments.write(Enrolment.Change.ASK, pending, name, Map.of(), Integer.MAX_VALUE);
                case ACCEPTED -> enrolments.write(Enrolment.Change.ENROL, accepted, name, Map.of(), 0);
                case REJECTED -> {
                    enrolments.write(Enrolment.Change.ASK, pending, name, Map.of(), Integer.MAX_VALUE);
                    enrolments.decide(pending.rejected(), "test", null);
                }
                case REVOKED -> {
                    enrolments.write(Enrolment.Change.ENROL, accepted, name, Map.of(), 0);
                    enrolments.decide(accepted.revoked(), "test", null);
                }
            }
        });
        return id;
    }

    /**
     * Five hosts of this test's own, found by searching for their prefix: the table's search is what keeps the
     * shared database's other hosts out of the pages.
     */
    @Test
    void aPageIsSearchedFilteredSortedInTheDatabaseAndCountsEveryHostItPicks() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant stale = now.minus(registry.staleAfter()).minusSeconds(60);
        // id, hostname, labels, last seen, established in the latest snapshot (null: no snapshot's figures)
        record Made(String id, String hostname, Map<String, String> labels, Instant last, Integer established) {
        }
        List<Made> made = List.of(
                new Made("a", "e.example", Map.of("env", "prod", "tier", "edge"), now, 40),
                new Made("b", "d.example", Map.of("env", "prod"), now, 70),
                new Made("c", "c.example", Map.of("env", "dev"), now, null),
                new Made("d", "b.example", Map.of("env", "dev"), stale, 5),
                new Made("e", "a.example", Map.of(), now, 70));
        for (Made host : made) {
            see(prefix + host.id(), host.hostname(), host.labels(), host.last());
            if (host.established() != null) {
                QuarkusTransaction.requiringNew().run(() -> figures.record(List.of(SnapshotMessages.snapshot(
                        prefix + host.id(), host.last(), host.labels(), host.established()))));
            }
        }
        // the query's parameters besides q=prefix, the ids of the page (without the prefix), total and stale counts
        record Case(String name, String selector, String staleness, String sort, String order, String limit,
                String offset, List<String> page, long total, long staleCount) {
        }
        List<Case> cases = List.of(
                new Case("by id by default", null, null, null, null, null, null, List.of("a", "b", "c", "d", "e"), 5, 1),
                new Case("worst first by a figure, ties by id, no figure last", null, null, "established", null, null,
                        null, List.of("b", "e", "a", "d", "c"), 5, 1),
                new Case("a figure ascending still puts no figure last", null, null, "established", "asc", null, null,
                        List.of("d", "a", "b", "e", "c"), 5, 1),
                new Case("by hostname", null, null, "hostname", null, null, null, List.of("e", "d", "c", "b", "a"), 5, 1),
                new Case("by last seen, newest first", null, null, "last_seen", "desc", null, null,
                        List.of("a", "b", "c", "e", "d"), 5, 1),
                new Case("a label selector", "env=prod", null, null, null, null, null, List.of("a", "b"), 2, 0),
                new Case("a negated term", "env!=prod", null, null, null, null, null, List.of("c", "d", "e"), 3, 1),
                new Case("only stale hosts", null, "true", null, null, null, null, List.of("d"), 1, 1),
                new Case("only reporting hosts", null, "false", null, null, null, null, List.of("a", "b", "c", "e"), 4, 0),
                new Case("a page from an offset", null, null, "established", null, "2", "2", List.of("a", "d"), 5, 1),
                new Case("past the end: no host but the count", null, null, null, null, "10", "20", List.of(), 5, 1),
                new Case("a limit of 0 counts only", null, "true", null, null, "0", null, List.of(), 1, 1));
        for (Case c : cases) {
            HostPage page = registry.page(HostQuery.of(prefix, c.selector(), c.staleness(), c.sort(), c.order(),
                    c.limit(), c.offset()));
            assertEquals(c.page(), page.hosts().stream().map(row -> row.host().id().substring(prefix.length()))
                    .toList(), c.name());
            assertEquals(c.total(), page.total(), c.name() + ": total");
            assertEquals(c.staleCount(), page.stale(), c.name() + ": stale");
        }
        assertEquals(List.of(70.0, 70.0, 40.0, 5.0), registry.page(HostQuery.of(prefix, null, null, "established",
                null, "4", null)).hosts().stream().map(HostPage.Row::figure).toList(), "the figure sorted by");
    }

    @Test
    void theSearchMatchesIdHostnameOrALabelInAnyCaseAndTakesWildcardsLiterally() {
        see(prefix + "web-1", "alpha.example", Map.of("rack", "R7"), Instant.now());
        see(prefix + "db-1", "beta.example", Map.of("rack", "r8"), Instant.now());
        record Case(String q, List<String> ids) {
        }
        List<Case> cases = List.of(
                new Case(prefix.toUpperCase() + "WEB", List.of("web-1")),
                new Case("BETA.example", List.of("db-1")),
                new Case("rack=r7", List.of("web-1")),
                new Case("rack=r", List.of("db-1", "web-1")),
                new Case(prefix + "%", List.of()),
                new Case(prefix + "_", List.of()));
        for (Case c : cases) {
            // the shared database may hold other hosts that match: only this test's are compared
            assertEquals(c.ids(), registry.page(HostQuery.of(c.q(), null, null, null, null, "500", null)).hosts()
                    .stream().map(row -> row.host().id()).filter(id -> id.startsWith(prefix))
                    .map(id -> id.substring(prefix.length())).toList(), c.q());
        }
    }
}
