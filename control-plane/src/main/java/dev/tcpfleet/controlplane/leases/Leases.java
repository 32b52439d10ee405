package dev.tcpfleet.controlplane.leases;

import dev.tcpfleet.controlplane.ControlPlaneConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Leases on the work only one control plane may do at a time, kept in PostgreSQL so that any number of instances
 * share one database and nothing else. {@link #hold} takes a free or expired lease, or renews one this instance
 * holds, in one statement judged by the database's clock; it is called at every tick and before every step, so
 * an instance that lost its lease (paused past its expiry, cut off from the database) stops at its next step.
 * A holder that dies is replaced once its lease expires; one that stops cleanly hands its leases back at once.
 */
@ApplicationScoped
public class Leases {
    private static final Logger LOG = Logger.getLogger(Leases.class);

    private final EntityManager em;
    private final String instance;
    private final Duration duration;
    private final MeterRegistry registry;
    private final Map<Lease, Boolean> held = new ConcurrentHashMap<>();
    /** Set once the leases are handed back: jobs still ticking during shutdown must not take them again. */
    private volatile boolean released;

    Leases(EntityManager em, ControlPlaneConfig config, MeterRegistry registry) {
        this.em = em;
        this.instance = config.leases().instanceId();
        this.duration = config.leases().duration();
        this.registry = registry;
    }

    /** Whether this instance holds {@code lease} for the next lease duration; takes or renews it if it can. */
    public boolean hold(Lease lease) {
        if (released) {
            return false;
        }
        boolean holds;
        try {
            holds = QuarkusTransaction.requiringNew().call(() -> !em.createNativeQuery("""
                    INSERT INTO leases (name, holder, acquired_at, expires_at)
                    VALUES (?1, ?2, now(), now() + ?3 * interval '1 millisecond')
                    ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at,
                        acquired_at = CASE WHEN leases.holder = EXCLUDED.holder THEN leases.acquired_at ELSE now() END
                    WHERE leases.holder = EXCLUDED.holder OR leases.expires_at < now()
                    RETURNING holder""")
                    .setParameter(1, lease.key()).setParameter(2, instance).setParameter(3, duration.toMillis())
                    .getResultList().isEmpty());
        } catch (RuntimeException e) {
            // without the database no step could be stored anyway; whoever holds the lease when it is back goes on
            holds = false;
        }
        noteChange(lease, holds);
        return holds;
    }

    private void noteChange(Lease lease, boolean holds) {
        Boolean before = held.put(lease, holds);
        if (before == null) {
            Gauge.builder("tcpfleet.leases.held", () -> held.getOrDefault(lease, false) ? 1 : 0)
                    .description("1 while this instance holds the lease and does its work").tag("lease", lease.key())
                    .register(registry);
        }
        if (before == null ? holds : before != holds) {
            LOG.infof(holds ? "%s took the %s lease" : "%s does not hold the %s lease", instance, lease.key());
        }
    }

    /** Hands back what this instance holds, so another takes over now rather than at expiry. */
    void release(@Observes ShutdownEvent event) {
        released = true;
        try {
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("DELETE FROM leases WHERE holder = ?1")
                    .setParameter(1, instance).executeUpdate());
        } catch (RuntimeException e) {
            LOG.warnf("could not hand back the leases at shutdown (they expire by themselves): %s", e.getMessage());
        }
    }
}
