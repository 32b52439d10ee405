package dev.tcpfleet.controlplane.alerts.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Counts alert deliveries that failed ({@code tcpfleet_alert_delivery_failures_total}), by target: a try that went
 * wrong, whether or not it is retried.
 */
@ApplicationScoped
public class DeliveryFailures {
    static final String NAME = "tcpfleet.alert.delivery.failures";

    private final MeterRegistry registry;

    DeliveryFailures(MeterRegistry registry) {
        this.registry = registry;
    }

    public void failed(String target) {
        Counter.builder(NAME).description("Alert deliveries that failed, by target (each failed try counts)")
                .tag("target", target).register(registry).increment();
    }
}
