package dev.tcpfleet.controlplane.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** api_tokens against the real PostgreSQL: a name is used once, a revocation is final, a restart undoes neither. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class TokenStoreTest {
    @Inject
    TokenStore store;

    private final String prefix = "store-" + UUID.randomUUID().toString().substring(0, 8) + "-";

    private static String hash() {
        return TokenSecrets.hash(TokenSecrets.generate());
    }

    @Test
    void aNameIsNeverReusedNotEvenAfterItsTokenIsRevoked() {
        String name = prefix + "ci";
        String hash = hash();

        Optional<TokenView> added = store.add(name, Role.OPERATOR, hash, "an-admin");
        assertTrue(added.isPresent());
        assertNotNull(added.get().createdAt());
        assertEquals(Optional.of(new Caller(name, Role.OPERATOR)), store.activeByHash(hash));

        assertEquals(Optional.empty(), store.add(name, Role.ADMIN, hash(), "another-admin"), "a taken name");
        assertTrue(store.revoke(name));
        assertEquals(Optional.empty(), store.add(name, Role.VIEWER, hash(), "an-admin"), "a revoked token's name");
        TokenView kept = store.all().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
        assertEquals(Role.OPERATOR, kept.role());
        assertEquals("an-admin", kept.createdBy());
    }

    @Test
    void aRevocationTakesTheTokenOutOfForceOnceAndForAll() {
        String name = prefix + "revoked";
        String hash = hash();
        store.add(name, Role.VIEWER, hash, "an-admin");

        assertTrue(store.revoke(name));
        TokenView revoked = store.all().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
        assertFalse(store.revoke(name), "revoked twice");

        assertEquals(Optional.empty(), store.activeByHash(hash));
        assertNotNull(revoked.revokedAt());
        assertEquals(revoked, store.all().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow(),
                "a second revocation moved revokedAt");
        assertFalse(store.revoke(prefix + "never-issued"));
    }

    @Test
    void tokensAreListedByNameRevokedOnesIncluded() {
        List<String> names = List.of(prefix + "b", prefix + "a", prefix + "c");
        names.forEach(name -> store.add(name, Role.VIEWER, hash(), "an-admin"));
        store.revoke(prefix + "c");

        List<TokenView> ours = store.all().stream().filter(t -> t.name().startsWith(prefix)).toList();

        assertEquals(names.stream().sorted().toList(), ours.stream().map(TokenView::name).toList());
        assertNull(ours.get(0).revokedAt());
        assertNotNull(ours.get(2).revokedAt());
    }

    /**
     * The configured bootstrap secret is installed at every start: unchanged, it changes nothing, so a revoked
     * bootstrap token stays revoked; a new secret replaces the old one and is in force. The row is the test
     * profile's own admin token, so it is put back as it was.
     */
    @Test
    void restartingWithTheSameBootstrapSecretNeverUndoesItsRevocationAndANewSecretReplacesTheOld() {
        String configured = TokenSecrets.hash(
                ConfigProvider.getConfig().getValue("tcpfleet.auth.bootstrap-token", String.class).trim());
        String replacement = hash();
        try {
            assertFalse(store.putBootstrap(configured), "an unchanged secret rewrote the row");
            assertEquals(Optional.of(new Caller("bootstrap", Role.ADMIN)), store.activeByHash(configured));

            assertTrue(store.revoke("bootstrap"));
            assertFalse(store.putBootstrap(configured));
            assertEquals(Optional.empty(), store.activeByHash(configured), "a restart undid the revocation");

            assertTrue(store.putBootstrap(replacement));
            assertEquals(Optional.of(new Caller("bootstrap", Role.ADMIN)), store.activeByHash(replacement));
            assertEquals(Optional.empty(), store.activeByHash(configured), "the old secret is still in force");
            assertTrue(store.anyActiveAdmin());
        } finally {
            store.putBootstrap(configured);
        }
        assertEquals(Optional.of(new Caller("bootstrap", Role.ADMIN)), store.activeByHash(configured));
    }
}
