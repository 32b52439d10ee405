package dev.tcpfleet.controlplane.rollouts;

import dev.tcpfleet.controlplane.leases.Lease;
import dev.tcpfleet.controlplane.leases.Leases;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Moves every running or rolling-back rollout one step per tick. All it knows is in the database, so a restarted
 * control plane resumes each rollout where it stood. One tick at a time, on the one instance holding the rollouts'
 * lease (asked again before each step): steps never race each other.
 */
@ApplicationScoped
public class RolloutDriver {
    private static final Logger LOG = Logger.getLogger(RolloutDriver.class);

    private final RolloutService rollouts;
    private final Leases leases;

    RolloutDriver(RolloutService rollouts, Leases leases) {
        this.rollouts = rollouts;
        this.leases = leases;
    }

    @Scheduled(every = "${tcpfleet.rollouts.tick}", delayed = "${tcpfleet.rollouts.tick}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (!leases.hold(Lease.ROLLOUTS)) {
            return;
        }
        List<String> driven;
        try {
            driven = rollouts.driven();
        } catch (RuntimeException e) {
            LOG.warnf("cannot read the rollouts to drive yet: %s", e.getMessage());
            return;
        }
        for (String id : driven) {
            if (!leases.hold(Lease.ROLLOUTS)) {
                return; // another instance took over: it goes on from the stored state
            }
            try {
                rollouts.advance(id);
            } catch (RuntimeException e) {
                // the step is retried from the stored state on the next tick; one rollout never stalls the rest
                LOG.warnf(e, "rollout %s could not advance this tick", id);
            }
        }
    }
}
