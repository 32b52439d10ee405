package dev.tcpfleet.controlplane.enrolment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.controlplane.enrolment.Enrolment.Change;
import dev.tcpfleet.protocol.identity.HostKeys;
import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.PostgresTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The enrolment rows against the real PostgreSQL: each write moves a row only from the state it is meant for. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class EnrolmentStoreTest {
    private static final byte[] KEY = HostKeys.generate().publicKey();
    private static final byte[] OTHER = HostKeys.generate().publicKey();

    @Inject
    EnrolmentStore store;

    @Test
    void anAskingHostIsPendingOnceWithWhatItSaidAndAskingAgainChangesNothing() {
        String host = host();
        write(Change.ASK, new Enrolment(host, EnrolmentStatus.PENDING, KEY, null), "web.example", Map.of("env", "a"));
        write(Change.ASK, new Enrolment(host, EnrolmentStatus.PENDING, OTHER, null), "evil.example", Map.of());

        EnrolmentStore.Row row = row(host);
        assertEquals(EnrolmentStatus.PENDING, row.enrolment().status());
        assertArrayEquals(KEY, row.enrolment().publicKey());
        assertEquals("web.example", row.hostname());
        assertEquals(Map.of("env", "a"), row.labels());
        assertNull(row.decidedAt());
    }

    @Test
    void theEnrolSecretAcceptsAnUnknownHostOrAPendingOneOfTheSameKeyOnly() {
        String unknown = host();
        write(Change.ENROL, new Enrolment(unknown, EnrolmentStatus.ACCEPTED, KEY, null), "u", Map.of());
        assertEquals(EnrolmentStatus.ACCEPTED, row(unknown).enrolment().status());
        assertEquals("enrol secret", row(unknown).decidedBy());

        String pending = host();
        write(Change.ASK, new Enrolment(pending, EnrolmentStatus.PENDING, KEY, null), "p", Map.of());
        write(Change.ENROL, new Enrolment(pending, EnrolmentStatus.ACCEPTED, OTHER, null), "p", Map.of());
        assertEquals(EnrolmentStatus.PENDING, row(pending).enrolment().status(), "another key enrolled the host");
        write(Change.ENROL, new Enrolment(pending, EnrolmentStatus.ACCEPTED, KEY, null), "p", Map.of());
        assertEquals(EnrolmentStatus.ACCEPTED, row(pending).enrolment().status());

        String revoked = host();
        write(Change.ENROL, new Enrolment(revoked, EnrolmentStatus.ACCEPTED, KEY, null), "r", Map.of());
        decide(row(revoked).enrolment().revoked());
        write(Change.ENROL, new Enrolment(revoked, EnrolmentStatus.ACCEPTED, KEY, null), "r", Map.of());
        assertEquals(EnrolmentStatus.REVOKED, row(revoked).enrolment().status(), "the secret undid a revocation");
    }

    @Test
    void aFirstSealedMessageBindsTheKeyOfAHostAcceptedBeforeHostIdentityOnly() {
        String host = host();
        write(Change.ENROL, new Enrolment(host, EnrolmentStatus.ACCEPTED, KEY, null), "h", Map.of());
        decide(new Enrolment(host, EnrolmentStatus.ACCEPTED, null, null)); // as V25 leaves a host known before it

        write(Change.BIND, new Enrolment(host, EnrolmentStatus.ACCEPTED, OTHER, null), "h", Map.of());
        assertArrayEquals(OTHER, row(host).enrolment().publicKey());
        write(Change.BIND, new Enrolment(host, EnrolmentStatus.ACCEPTED, KEY, null), "h", Map.of());
        assertArrayEquals(OTHER, row(host).enrolment().publicKey(), "a bound key was replaced");
    }

    @Test
    void anotherKeyWaitsBesideTheHostsOwnAndTheAdminsDecisionIsKept() {
        String host = host();
        write(Change.ENROL, new Enrolment(host, EnrolmentStatus.ACCEPTED, KEY, null), "h", Map.of());
        write(Change.OFFER, new Enrolment(host, EnrolmentStatus.ACCEPTED, KEY, OTHER), "h2", Map.of("env", "b"));

        Enrolment offered = row(host).enrolment();
        assertArrayEquals(KEY, offered.publicKey());
        assertArrayEquals(OTHER, offered.pendingPublicKey());
        assertEquals(host, store.list(Optional.of(EnrolmentStatus.ACCEPTED)).stream()
                .filter(r -> r.enrolment().pendingPublicKey() != null).findFirst().orElseThrow().enrolment().hostId(),
                "a host awaiting a decision is listed first");

        QuarkusTransaction.requiringNew().run(() -> store.decide(offered.accepted(null), "an-admin", "rotated"));
        EnrolmentStore.Row decided = row(host);
        assertArrayEquals(OTHER, decided.enrolment().publicKey());
        assertNull(decided.enrolment().pendingPublicKey());
        assertEquals("an-admin", decided.decidedBy());
        assertEquals("rotated", decided.reason());
        assertTrue(QuarkusTransaction.requiringNew().call(() -> store.forHosts(List.of(host(), host()))).isEmpty(),
                "hosts never seen have no enrolment");
    }

    private void write(Change change, Enrolment after, String hostname, Map<String, String> labels) {
        QuarkusTransaction.requiringNew().run(() -> store.write(change, after, hostname, labels));
    }

    private void decide(Enrolment decided) {
        QuarkusTransaction.requiringNew().run(() -> store.decide(decided, "test", null));
    }

    /** The host's row, which the batch lookup must read alike. */
    private EnrolmentStore.Row row(String host) {
        return QuarkusTransaction.requiringNew().call(() -> {
            EnrolmentStore.Row row = store.lock(host).orElseThrow();
            Enrolment looked = store.forHosts(List.of(host, host())).get(host);
            assertEquals(row.enrolment().status(), looked.status());
            assertArrayEquals(row.enrolment().publicKey(), looked.publicKey());
            assertArrayEquals(row.enrolment().pendingPublicKey(), looked.pendingPublicKey());
            return row;
        });
    }

    private static String host() {
        return "enrolment-" + UUID.randomUUID();
    }
}
