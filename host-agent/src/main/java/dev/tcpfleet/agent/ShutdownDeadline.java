package dev.tcpfleet.agent;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * One budget for everything the agent finishes on SIGTERM (the command in hand, its result, the unsent snapshots),
 * so the whole drain is bounded by {@code tcpfleet.agent.shutdown.drain-timeout}, not each part by it.
 */
@ApplicationScoped
public class ShutdownDeadline {
    private static final Logger LOG = Logger.getLogger(ShutdownDeadline.class);
    private final Duration drainTimeout;
    private volatile long deadlineNanos;
    private volatile boolean shuttingDown;

    ShutdownDeadline(AgentConfig config) {
        this.drainTimeout = config.shutdown().drainTimeout();
    }

    /** Observed before every other shutdown observer (lower priority values come first). */
    void start(@Observes @Priority(1) ShutdownEvent event) {
        deadlineNanos = System.nanoTime() + drainTimeout.toNanos();
        shuttingDown = true;
        LOG.infof("stopping: finishing the command in hand and sending what is unsent, within %s", drainTimeout);
    }

    /** What is left of the drain budget; {@code whileRunning} before shutdown began. */
    public Duration remaining(Duration whileRunning) {
        if (!shuttingDown) {
            return whileRunning;
        }
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }
}
