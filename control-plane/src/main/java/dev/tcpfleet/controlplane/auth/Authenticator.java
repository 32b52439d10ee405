package dev.tcpfleet.controlplane.auth;

import dev.tcpfleet.controlplane.ControlPlaneConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Finds the caller behind a bearer token. A token found is remembered for {@code ttl}, so most requests cost no
 * query; that is also how long a revocation made on another replica takes to bite. Tokens not found are never
 * remembered: the map holds only real tokens, however many wrong ones are tried.
 */
@Singleton
public class Authenticator {
    private final Function<String, Optional<Caller>> activeByHash;
    private final Duration ttl;
    private final Supplier<Instant> clock;
    private final Map<String, Remembered> byHash = new ConcurrentHashMap<>();

    private record Remembered(Caller caller, Instant until) {
    }

    @Inject
    Authenticator(TokenStore tokens, ControlPlaneConfig config) {
        this(tokens::activeByHash, config.auth().cacheTtl(), Instant::now);
    }

    /** @param activeByHash the unrevoked token with this SHA-256 hash, if any */
    public Authenticator(Function<String, Optional<Caller>> activeByHash, Duration ttl, Supplier<Instant> clock) {
        this.activeByHash = activeByHash;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The caller of an {@code Authorization} header's value; empty unless it is a bearer token in force. */
    public Optional<Caller> authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String hash = TokenSecrets.hash(authorization.substring(7).trim());
        Instant now = clock.get();
        Remembered remembered = byHash.get(hash);
        if (remembered != null && now.isBefore(remembered.until())) {
            return Optional.of(remembered.caller());
        }
        Optional<Caller> caller = activeByHash.apply(hash);
        caller.ifPresentOrElse(c -> byHash.put(hash, new Remembered(c, now.plus(ttl))), () -> byHash.remove(hash));
        return caller;
    }

    /** Forgets token {@code name} at once, for a revocation made here. */
    public void forget(String name) {
        byHash.values().removeIf(r -> r.caller().name().equals(name));
    }
}
