package dev.tcpfleet.controlplane.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The authenticator over a token table held in a map, and a clock the test moves. */
class AuthenticatorTest {
    static final String SECRET = TokenSecrets.generate();
    final Map<String, Caller> table = new HashMap<>();
    int lookups;
    Instant now = Instant.parse("2025-01-01T00:00:00Z");
    final Authenticator authenticator = new Authenticator(hash -> {
        lookups++;
        return Optional.ofNullable(table.get(hash));
    }, Duration.ofSeconds(5), () -> now);

    @Test
    void onlyABearerTokenInTheTableIsACaller() {
        Caller ops = new Caller("ops", Role.OPERATOR);
        table.put(TokenSecrets.hash(SECRET), ops);
        assertEquals(Optional.of(ops), authenticator.authenticate("Bearer " + SECRET));
        assertEquals(Optional.of(ops), authenticator.authenticate("bearer  " + SECRET));
        assertEquals(Optional.empty(), authenticator.authenticate(SECRET));
        assertEquals(Optional.empty(), authenticator.authenticate("Basic " + SECRET));
        assertEquals(Optional.empty(), authenticator.authenticate("Bearer " + TokenSecrets.generate()));
        assertEquals(Optional.empty(), authenticator.authenticate(null));
    }

    @Test
    void aTokenFoundIsTrustedForTheTtlThenAskedForAgain() {
        table.put(TokenSecrets.hash(SECRET), new Caller("ops", Role.OPERATOR));
        authenticator.authenticate("Bearer " + SECRET);
        table.clear(); // revoked on another replica
        now = now.plusSeconds(4);
        assertEquals("ops", authenticator.authenticate("Bearer " + SECRET).orElseThrow().name());
        assertEquals(1, lookups);
        now = now.plusSeconds(1);
        assertEquals(Optional.empty(), authenticator.authenticate("Bearer " + SECRET));
        assertEquals(2, lookups);
    }

    @Test
    void aRevocationHereIsForgottenAtOnceAndAMissIsNeverRemembered() {
        table.put(TokenSecrets.hash(SECRET), new Caller("ops", Role.OPERATOR));
        authenticator.authenticate("Bearer " + SECRET);
        table.clear();
        authenticator.forget("ops");
        assertEquals(Optional.empty(), authenticator.authenticate("Bearer " + SECRET));
        table.put(TokenSecrets.hash(SECRET), new Caller("ops", Role.OPERATOR));
        assertEquals("ops", authenticator.authenticate("Bearer " + SECRET).orElseThrow().name());
    }
}
