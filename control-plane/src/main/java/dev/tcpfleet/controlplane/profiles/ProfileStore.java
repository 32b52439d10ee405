package dev.tcpfleet.controlplane.profiles;

import dev.tcpfleet.controlplane.sql.JsonColumns;
import dev.tcpfleet.controlplane.sql.SqlTimes;
import dev.tcpfleet.domain.profiles.SysctlProfile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Profile versions in PostgreSQL. */
@ApplicationScoped
public class ProfileStore {
    /** The first key of the advisory locks on profile names, so they cannot collide with another feature's locks. */
    private static final int PROFILE_NAME_LOCKS = 0x70726f66;
    private static final String COLUMNS = "name, version, description, CAST(settings AS text), created_at, deleted_at";

    private final EntityManager em;

    ProfileStore(EntityManager em) {
        this.em = em;
    }

    /**
     * Holds the name until the transaction ends, so two writers of one profile take turns: the second reads
     * the version the first wrote. A row lock would not do, as a new profile has no row to lock yet. A hash
     * collision only makes two names wait for each other; the primary key still forbids a duplicate version.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lock(String name) {
        em.createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(?1, hashtext(?2))")
                .setParameter(1, PROFILE_NAME_LOCKS)
                .setParameter(2, name)
                .getSingleResult();
    }

    /** Stores {@code profile} as a new version, with the time the database gives it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public ProfileVersion insert(SysctlProfile profile) {
        Object createdAt = em.createNativeQuery("""
                INSERT INTO profile_versions (name, version, description, settings)
                VALUES (?1, ?2, ?3, CAST(?4 AS jsonb))
                RETURNING created_at""")
                .setParameter(1, profile.name())
                .setParameter(2, profile.version())
                .setParameter(3, profile.description())
                .setParameter(4, JsonColumns.text(profile.settings()))
                .getSingleResult();
        return new ProfileVersion(profile.name(), profile.version(), profile.description(), profile.settings(),
                SqlTimes.instant(createdAt), null);
    }

    /**
     * Marks the newest version deleted, unless it already is: a profile is deleted once, and the versions before
     * the newest are never marked.
     *
     * @return whether it was marked now
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean markDeleted(String name) {
        return em.createNativeQuery("""
                UPDATE profile_versions SET deleted_at = now()
                WHERE name = ?1 AND deleted_at IS NULL
                  AND version = (SELECT max(version) FROM profile_versions WHERE name = ?1)""")
                .setParameter(1, name)
                .executeUpdate() > 0;
    }

    /** The newest version, deleted or not. */
    public Optional<ProfileVersion> newest(String name) {
        return versions(em.createNativeQuery("SELECT " + COLUMNS
                + " FROM profile_versions WHERE name = ?1 ORDER BY version DESC LIMIT 1")
                .setParameter(1, name)).stream().findFirst();
    }

    /** The newest version of each profile that is not deleted, by name. */
    public List<ProfileVersion> listed() {
        return versions(em.createNativeQuery("""
                SELECT %s FROM profile_versions p
                WHERE p.deleted_at IS NULL
                  AND p.version = (SELECT max(q.version) FROM profile_versions q WHERE q.name = p.name)
                ORDER BY p.name""".formatted(COLUMNS)));
    }

    /** Every version, oldest first; empty when the name was never stored. */
    public List<ProfileVersion> versions(String name) {
        return versions(em.createNativeQuery("SELECT " + COLUMNS
                + " FROM profile_versions WHERE name = ?1 ORDER BY version")
                .setParameter(1, name));
    }

    public Optional<ProfileVersion> version(String name, int version) {
        return versions(em.createNativeQuery("SELECT " + COLUMNS
                + " FROM profile_versions WHERE name = ?1 AND version = ?2")
                .setParameter(1, name)
                .setParameter(2, version)).stream().findFirst();
    }

    @SuppressWarnings("unchecked")
    private static List<ProfileVersion> versions(Query query) {
        return ((List<Object[]>) query.getResultList()).stream().map(r -> new ProfileVersion((String) r[0],
                ((Number) r[1]).intValue(), (String) r[2],
                Collections.unmodifiableMap(JsonColumns.read((String) r[3], Map.class)), SqlTimes.instant(r[4]),
                SqlTimes.instant(r[5]))).toList();
    }
}
