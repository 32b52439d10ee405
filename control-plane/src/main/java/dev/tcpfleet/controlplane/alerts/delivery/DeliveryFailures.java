package dev.tcpfleet.controlplane.alerts.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/** Counts failed deliveries of alert events by target, one meter for every target. */
@Startup // its meters exist from the start, before anything uses it
@ApplicationScoped
public class DeliveryFailures {
    public static final String WEBHOOK = "webhook";
    public static final String TOPIC = "topic";
    public static final String ALERTMANAGER = "alertmanager";

    private final MeterRegistry registry;

    DeliveryFailures(MeterRegistry registry) {
        this.registry = registry;
        // from the start, so that a rate over them reads 0 rather than nothing
        failed(WEBHOOK, 0);
        failed(TOPIC, 0);
        failed(ALERTMANAGER, 0);
    }

    /** {@code count} tries to deliver to {@code target} (webhook, topic, alertmanager) that failed. */
    public void failed(String target, int count) {
        Counter.builder("tcpfleet.alert.delivery.failures")
                .description("failed tries to deliver an alert event, by target (each retry that fails counts)")
                .tag("target", target).register(registry).increment(count);
    }
}
