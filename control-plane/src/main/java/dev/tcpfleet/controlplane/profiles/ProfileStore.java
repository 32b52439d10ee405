package dev.tcpfleet.controlplane.profiles;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** Profile versions in PostgreSQL. */
@ApplicationScoped
public class ProfileStore {
    /** The first key of the advisory locks on profile names, so they cannot collide with another feature's locks. */
    private static final int PROFILE_NAME_LOCKS = 0x70726f66;

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

    @Transactional(Transactional.TxType.MANDATORY)
    public void insert(ProfileVersion row) {
        // Flushed now so that created_at, which the database sets, is read back for the answer.
        row.persistAndFlush();
    }

    /** The newest version, deleted or not. */
    public Optional<ProfileVersion> newest(String name) {
        return ProfileVersion.find("name = ?1 order by version desc", name).firstResultOptional();
    }

    /** The newest version of each profile that is not deleted, by name. */
    public List<ProfileVersion> listed() {
        return ProfileVersion.list("""
                from ProfileVersion p
                where p.deletedAt is null
                  and p.version = (select max(q.version) from ProfileVersion q where q.name = p.name)
                order by p.name""");
    }

    /** Every version, oldest first; empty when the name was never stored. */
    public List<ProfileVersion> versions(String name) {
        return ProfileVersion.list("name = ?1 order by version", name);
    }

    public Optional<ProfileVersion> version(String name, int version) {
        return ProfileVersion.find("name = ?1 and version = ?2", name, version).firstResultOptional();
    }
}
