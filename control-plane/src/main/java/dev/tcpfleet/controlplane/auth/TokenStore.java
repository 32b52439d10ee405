package dev.tcpfleet.controlplane.auth;

import static dev.tcpfleet.controlplane.sql.SqlTimes.instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** API tokens in PostgreSQL, by the SHA-256 of their secret. */
@ApplicationScoped
public class TokenStore {
    private final EntityManager em;

    TokenStore(EntityManager em) {
        this.em = em;
    }

    /** Stores a new token; empty if {@code name} is taken (by a revoked token too: names are never reused). */
    @Transactional
    public Optional<TokenView> add(String name, Role role, String hash, String createdBy) {
        return ((List<?>) em.createNativeQuery("INSERT INTO api_tokens (name, role, token_hash, created_by)"
                        + " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (name) DO NOTHING RETURNING created_at")
                .setParameter(1, name)
                .setParameter(2, role.name())
                .setParameter(3, hash)
                .setParameter(4, createdBy)
                .getResultList()).stream().findFirst()
                .map(createdAt -> new TokenView(name, role, instant(createdAt), createdBy, null));
    }

    /**
     * Makes {@code hash} the admin token {@code bootstrap}, unless it already is: a secret that is unchanged keeps
     * its row, revoked or not, so restarting never undoes a revocation. True when it changed something.
     */
    @Transactional
    public boolean putBootstrap(String hash) {
        return em.createNativeQuery("""
                        INSERT INTO api_tokens (name, role, token_hash, created_by) VALUES ('bootstrap', 'ADMIN', ?1, 'config')
                        ON CONFLICT (name) DO UPDATE SET role = 'ADMIN', token_hash = EXCLUDED.token_hash,
                            created_at = now(), revoked_at = NULL
                        WHERE api_tokens.token_hash <> EXCLUDED.token_hash""")
                .setParameter(1, hash).executeUpdate() == 1;
    }

    @Transactional
    public Optional<Caller> activeByHash(String hash) {
        return ((List<?>) em.createNativeQuery(
                        "SELECT name, role FROM api_tokens WHERE token_hash = ?1 AND revoked_at IS NULL")
                .setParameter(1, hash).getResultList()).stream().map(Object[].class::cast)
                .map(r -> new Caller((String) r[0], Role.valueOf((String) r[1]))).findFirst();
    }

    @Transactional
    public List<TokenView> all() {
        return ((List<?>) em.createNativeQuery("SELECT name, role, created_at, created_by, revoked_at FROM api_tokens"
                        + " ORDER BY name").getResultList()).stream().map(Object[].class::cast)
                .map(r -> new TokenView((String) r[0], Role.valueOf((String) r[1]), instant(r[2]), (String) r[3],
                        instant(r[4])))
                .toList();
    }

    /** Revokes a token in force; false if there is none of that name. */
    @Transactional
    public boolean revoke(String name) {
        return em.createNativeQuery("UPDATE api_tokens SET revoked_at = now() WHERE name = ?1 AND revoked_at IS NULL")
                .setParameter(1, name).executeUpdate() == 1;
    }

    @Transactional
    public boolean anyActiveAdmin() {
        return !em.createNativeQuery("SELECT 1 FROM api_tokens WHERE role = 'ADMIN' AND revoked_at IS NULL LIMIT 1")
                .getResultList().isEmpty();
    }
}
