package dev.tcpfleet.controlplane.enrolment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tcpfleet.controlplane.enrolment.Enrolment.Change;
import dev.tcpfleet.protocol.identity.HostKeys;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What a sealed message does to its host's enrolment, and what an admin's decisions make of one. */
class EnrolmentTest {
    private static final String HOST = "web-1";
    private static final byte[] KEY = HostKeys.generate().publicKey();
    private static final byte[] OTHER = HostKeys.generate().publicKey();

    /** A message under {@code key} (with the enrol proof or not) from a host enrolled as {@code current}. */
    record Case(String kind, Enrolment current, byte[] key, boolean proof, Refusal refusal, Change change,
            EnrolmentStatus after, byte[] afterKey, byte[] afterPending) {
        @Override
        public String toString() {
            return kind;
        }
    }

    private static Enrolment enrolment(EnrolmentStatus status, byte[] key, byte[] pending) {
        return new Enrolment(HOST, status, key, pending);
    }

    static Stream<Case> messages() {
        EnrolmentStatus accepted = EnrolmentStatus.ACCEPTED;
        EnrolmentStatus pending = EnrolmentStatus.PENDING;
        return Stream.of(
                new Case("an unknown host asks", null, KEY, false, Refusal.PENDING, Change.ASK, pending, KEY, null),
                new Case("an unknown host with the enrol secret is accepted", null, KEY, true, null, Change.ENROL,
                        accepted, KEY, null),
                new Case("an accepted host with its key flows", enrolment(accepted, KEY, null), KEY, false, null, null,
                        accepted, KEY, null),
                new Case("a host accepted before host identity binds its first key", enrolment(accepted, null, null),
                        KEY, false, null, Change.BIND, accepted, KEY, null),
                new Case("another key for an accepted host waits for an admin", enrolment(accepted, KEY, null), OTHER,
                        false, Refusal.KEY_MISMATCH, Change.OFFER, accepted, KEY, OTHER),
                new Case("another key is never accepted by the enrol secret", enrolment(accepted, KEY, null), OTHER,
                        true, Refusal.KEY_MISMATCH, Change.OFFER, accepted, KEY, OTHER),
                new Case("the same other key again writes nothing", enrolment(accepted, KEY, OTHER), OTHER, false,
                        Refusal.KEY_MISMATCH, null, accepted, KEY, OTHER),
                new Case("a pending host asking again stays pending", enrolment(pending, KEY, null), KEY, false,
                        Refusal.PENDING, null, pending, KEY, null),
                new Case("a pending host given the enrol secret since is accepted", enrolment(pending, KEY, null), KEY,
                        true, null, Change.ENROL, accepted, KEY, null),
                new Case("a rejected host stays refused, secret or not", enrolment(EnrolmentStatus.REJECTED, KEY, null),
                        KEY, true, Refusal.REJECTED, null, EnrolmentStatus.REJECTED, KEY, null),
                new Case("a revoked host stays refused, secret or not", enrolment(EnrolmentStatus.REVOKED, KEY, null),
                        KEY, true, Refusal.REVOKED, null, EnrolmentStatus.REVOKED, KEY, null),
                new Case("a revoked host with a new key asks to be let back", enrolment(EnrolmentStatus.REVOKED, KEY,
                        null), OTHER, true, Refusal.KEY_MISMATCH, Change.OFFER, EnrolmentStatus.REVOKED, KEY, OTHER));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void aSealedMessageMovesItsHostsEnrolmentOnlyAsTheRulesSay(Case c) {
        Enrolment.Verdict verdict = Enrolment.onMessage(HOST, c.current(), c.key(), c.proof());

        assertEquals(c.refusal(), verdict.refusal());
        assertEquals(c.change(), verdict.change());
        assertEquals(c.after(), verdict.after().status());
        assertArrayEquals(c.afterKey(), verdict.after().publicKey());
        assertArrayEquals(c.afterPending(), verdict.after().pendingPublicKey());
    }

    @Test
    void acceptingSwitchesToTheWaitingKeyOnlyIfItIsTheOneTheAdminCompared() {
        Enrolment reEnrolling = enrolment(EnrolmentStatus.ACCEPTED, KEY, OTHER);

        assertThrows(Enrolment.NotAllowed.class, () -> reEnrolling.accepted(HostKeys.fingerprint(KEY)));
        Enrolment switched = reEnrolling.accepted(HostKeys.fingerprint(OTHER));
        assertArrayEquals(OTHER, switched.publicKey());
        assertNull(switched.pendingPublicKey());
        assertThrows(Enrolment.NotAllowed.class, () -> switched.accepted(null), "nothing waits");
        assertEquals(EnrolmentStatus.ACCEPTED, enrolment(EnrolmentStatus.PENDING, KEY, null).accepted(null).status());
    }

    @Test
    void rejectingRefusesAPendingHostOrTheKeyAKnownHostAsksToSwitchTo() {
        assertEquals(EnrolmentStatus.REJECTED, enrolment(EnrolmentStatus.PENDING, KEY, null).rejected().status());
        Enrolment kept = enrolment(EnrolmentStatus.ACCEPTED, KEY, OTHER).rejected();
        assertEquals(EnrolmentStatus.ACCEPTED, kept.status());
        assertArrayEquals(KEY, kept.publicKey());
        assertNull(kept.pendingPublicKey());
        assertThrows(Enrolment.NotAllowed.class, () -> enrolment(EnrolmentStatus.ACCEPTED, KEY, null).rejected());
    }

    @Test
    void revokingDropsAnyWaitingKeyAndHappensOnce() {
        Enrolment revoked = enrolment(EnrolmentStatus.ACCEPTED, KEY, OTHER).revoked();
        assertEquals(EnrolmentStatus.REVOKED, revoked.status());
        assertNull(revoked.pendingPublicKey());
        assertThrows(Enrolment.NotAllowed.class, revoked::revoked);
        assertArrayEquals(OTHER, enrolment(EnrolmentStatus.REVOKED, KEY, OTHER).accepted(null).publicKey(),
                "a revoked host is let back with the new key it asked with");
    }
}
