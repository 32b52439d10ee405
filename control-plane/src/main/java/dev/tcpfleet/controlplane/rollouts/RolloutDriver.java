package dev.tcpfleet.controlplane.rollouts;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Moves every running or rolling-back rollout one step per tick. All it knows is in the database, so a restarted
 * control plane resumes each rollout where it stood. One tick at a time: steps never race each other.
 */
@ApplicationScoped
public class RolloutDriver {
    private static final Logger LOG = Logger.getLogger(RolloutDriver.class);

    private final RolloutService rollouts;

    RolloutDriver(RolloutService rollouts) {
        this.rollouts = rollouts;
    }

    @Scheduled(every = "${tcpfleet.rollouts.tick}", delayed = "${tcpfleet.rollouts.tick}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        List<String> driven;
        try {
            driven = rollouts.driven();
        } catch (RuntimeException e) {
            LOG.warnf("cannot read the rollouts to drive yet: %s", e.getMessage());
            return;
        }
        for (String id : driven) {
            try {
                rollouts.advance(id);
            } catch (RuntimeException e) {
                // the step is retried from the stored state on the next tick; one rollout never stalls the rest
                LOG.warnf(e, "rollout %s could not advance this tick", id);
            }
        }
    }
}
