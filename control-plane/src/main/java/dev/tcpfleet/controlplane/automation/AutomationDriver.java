package dev.tcpfleet.controlplane.automation;

import dev.tcpfleet.controlplane.leases.Lease;
import dev.tcpfleet.controlplane.leases.Leases;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Runs the automation's three steps each tick; one tick at a time, on the one instance holding the automation's
 * lease (asked again before each step), so steps never race each other.
 */
@ApplicationScoped
public class AutomationDriver {
    private static final Logger LOG = Logger.getLogger(AutomationDriver.class);

    private final AutomationEngine engine;
    private final AutomationMetrics metrics;
    private final Leases leases;

    AutomationDriver(AutomationEngine engine, AutomationMetrics metrics, Leases leases) {
        this.engine = engine;
        this.metrics = metrics;
        this.leases = leases;
    }

    @Scheduled(every = "${tcpfleet.automation.tick}", delayed = "${tcpfleet.automation.tick}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        // each step works from stored state: one that fails is tried again next tick, and does not stop the others
        run("stop rules whose profile is gone", engine::stopRulesWhoseProfileIsGone);
        run("decide on firing alerts", engine::decide);
        run("start actions", engine::start);
        run("judge applies", engine::judge);
        try {
            metrics.refresh(); // on every instance, lease or not: the figures are the database's
        } catch (RuntimeException e) {
            LOG.warnf(e, "automation could not read its metrics this tick");
        }
    }

    private void run(String step, Runnable work) {
        if (!leases.hold(Lease.AUTOMATION)) {
            return;
        }
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.warnf(e, "automation could not %s this tick", step);
        }
    }
}
