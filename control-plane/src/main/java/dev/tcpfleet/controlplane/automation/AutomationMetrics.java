package dev.tcpfleet.controlplane.automation;

import dev.tcpfleet.controlplane.automation.AutomationAction.State;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * What automation is doing, as gauges in /q/metrics: the queue's length and the age of its oldest entry, the
 * proposals waiting for an operator, and the actions in each state (outcomes included: KEPT, ROLLED_BACK, FAILED,
 * SKIPPED, EXPIRED...). Read from the database each automation tick by every instance alike, so any instance tells
 * the fleet's truth; labels are the states only, never hosts.
 */
@ApplicationScoped
public class AutomationMetrics {
    private final AutomationActionStore actions;
    private volatile AutomationActionStore.Tally tally = new AutomationActionStore.Tally(Map.of(), null);

    AutomationMetrics(AutomationActionStore actions, MeterRegistry registry) {
        this.actions = actions;
        Gauge.builder("tcpfleet.automation.queue.length", () -> count(State.QUEUED))
                .description("automated actions waiting for room to start (the rollout cap, the hourly budget)")
                .register(registry);
        Gauge.builder("tcpfleet.automation.queue.oldest.age", this::oldestQueuedAgeSeconds).baseUnit("seconds")
                .description("how long the oldest queued action has waited; 0 when none waits").register(registry);
        Gauge.builder("tcpfleet.automation.proposals.open", () -> count(State.PROPOSED))
                .description("proposals waiting for an operator to approve or reject").register(registry);
        for (State state : State.values()) {
            Gauge.builder("tcpfleet.automation.actions", () -> count(state))
                    .description("automated actions in each state, outcomes included")
                    .tag("state", state.name().toLowerCase(Locale.ROOT)).register(registry);
        }
    }

    /** Reads the figures again; called each automation tick. */
    void refresh() {
        tally = actions.tally();
    }

    private long count(State state) {
        return tally.byState().getOrDefault(state, 0L);
    }

    private double oldestQueuedAgeSeconds() {
        Instant oldest = tally.oldestQueuedAt();
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, Instant.now()).toMillis() / 1000.0);
    }
}
