package dev.tcpfleet.controlplane.profiles;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.domain.profiles.SysctlProfile;
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
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** profile_versions against the real PostgreSQL: versions are only added, and a deletion marks the newest once. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class ProfileStoreTest {
    @Inject
    ProfileStore store;

    @Inject
    EntityManager em;

    private final String name = "store-" + UUID.randomUUID().toString().substring(0, 8);

    private ProfileVersion insert(int version, Map<String, String> settings) {
        return QuarkusTransaction.requiringNew().call(() -> store.insert(
                new SysctlProfile(name, version, "v" + version, settings)));
    }

    private boolean markDeleted(String profile) {
        return QuarkusTransaction.requiringNew().call(() -> store.markDeleted(profile));
    }

    @Test
    void anInsertedVersionReadsBackAsWrittenWithTheDatabasesTime() {
        Instant before = Instant.now().minusSeconds(1);
        Map<String, String> settings = Map.of("net.ipv4.tcp_fin_timeout", "30", "net.core.somaxconn", "4096");

        ProfileVersion inserted = insert(1, settings);

        assertTrue(inserted.createdAt().isAfter(before), inserted.createdAt().toString());
        assertEquals(Optional.of(inserted), store.version(name, 1));
        assertEquals(settings, store.version(name, 1).orElseThrow().settings());
        assertNull(inserted.deletedAt());
    }

    @Test
    void aVersionIsStoredOnceItsContentNeverRewritten() {
        insert(1, Map.of("net.core.somaxconn", "1024"));

        assertThrows(RuntimeException.class, () -> insert(1, Map.of("net.core.somaxconn", "2048")));
        assertEquals(Map.of("net.core.somaxconn", "1024"), store.version(name, 1).orElseThrow().settings());
    }

    @Test
    void versionsAreOldestFirstAndTheNewestIsTheHighestNumber() {
        insert(2, Map.of("net.core.somaxconn", "2"));
        insert(1, Map.of("net.core.somaxconn", "1"));
        insert(10, Map.of("net.core.somaxconn", "10"));

        assertEquals(List.of(1, 2, 10), store.versions(name).stream().map(ProfileVersion::version).toList());
        assertEquals(10, store.newest(name).orElseThrow().version());
        assertTrue(store.version(name, 3).isEmpty());
        assertTrue(store.versions(name + "-never").isEmpty());
        assertTrue(store.newest(name + "-never").isEmpty());
    }

    @Test
    void aDeletionMarksOnlyTheNewestVersionOnlyOnceAndHidesTheProfileUntilANewVersion() {
        insert(1, Map.of("net.core.somaxconn", "1"));
        insert(2, Map.of("net.core.somaxconn", "2"));
        assertTrue(listed().contains(name + " v2"));

        assertTrue(markDeleted(name));
        Instant deletedAt = store.newest(name).orElseThrow().deletedAt();
        assertFalse(markDeleted(name), "deleted twice");

        assertNotNull(deletedAt);
        assertEquals(deletedAt, store.version(name, 2).orElseThrow().deletedAt(), "the second deletion moved it");
        assertNull(store.version(name, 1).orElseThrow().deletedAt(), "an older version was marked");
        assertFalse(listed().stream().anyMatch(p -> p.startsWith(name + " ")));
        assertFalse(markDeleted(name + "-never"));

        insert(3, Map.of("net.core.somaxconn", "3"));
        assertTrue(listed().contains(name + " v3"));
        assertFalse(listed().contains(name + " v2"));
    }

    /** The listed profiles as "name vN". */
    private List<String> listed() {
        return store.listed().stream().map(p -> p.name() + " v" + p.version()).toList();
    }

    @Test
    void theListIsByNameWithTheNewestVersionOfEach() {
        String other = name + "-a";
        insert(1, Map.of("net.core.somaxconn", "1"));
        QuarkusTransaction.requiringNew().run(() -> store.insert(new SysctlProfile(other, 1, "", Map.of())));
        QuarkusTransaction.requiringNew().run(() -> store.insert(new SysctlProfile(other, 2, "", Map.of())));

        List<String> ours = listed().stream().filter(p -> p.startsWith(name)).toList();

        assertEquals(List.of(name + " v1", other + " v2"), ours);
    }

    @Test
    void aWriterOfANameWaitsForTheOneHoldingItAndAnotherNameDoesNot() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> QuarkusTransaction.requiringNew().run(() -> {
            store.lock(name);
            held.countDown();
            within(release);
        }));
        within(held);

        QuarkusTransaction.requiringNew().run(() -> store.lock(name + "-other"));
        CompletableFuture<Void> second = CompletableFuture.runAsync(
                () -> QuarkusTransaction.requiringNew().run(() -> store.lock(name)));
        await().atMost(Duration.ofSeconds(30)).until(() -> waitingOnProfileLocks() > 0);
        assertFalse(second.isDone(), "took a name another transaction holds");

        release.countDown();
        holder.get(30, TimeUnit.SECONDS);
        second.get(30, TimeUnit.SECONDS);
    }

    private long waitingOnProfileLocks() {
        return ((Number) QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND classid = ?1"
                        + " AND objid = CAST(hashtext(?2) AS oid)")
                .setParameter(1, 0x70726f66).setParameter(2, name).getSingleResult())).longValue();
    }

    private static void within(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
