package dev.tcpfleet.agent;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;

/**
 * One budget for everything the agent finishes on SIGTERM (the command in hand, its result, the unsent snapshots),
 * so the whole drain is bounded by {@code tcpfleet.agent.shutdown.drain-timeout}, not each part by it.
 */
@ApplicationScoped
public class ShutdownDeadline {
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
    }

    public boolean shuttingDown() {
        return shuttingDown;
    }

    /** What is left of the drain budget; {@code whileRunning} before shutdown began. */
    public Duration remaining(Duration whileRunning) {
        if (!shuttingDown) {
            return whileRunning;
        }
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }
}
