package dev.tcpfleet.controlplane.automation;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Runs the automation's three steps each tick; one tick at a time, so steps never race each other. */
@ApplicationScoped
public class AutomationDriver {
    private static final Logger LOG = Logger.getLogger(AutomationDriver.class);

    private final AutomationEngine engine;

    AutomationDriver(AutomationEngine engine) {
        this.engine = engine;
    }

    @Scheduled(every = "${tcpfleet.automation.tick}", delayed = "${tcpfleet.automation.tick}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        // each step works from stored state: one that fails is tried again next tick, and does not stop the others
        run("decide on firing alerts", engine::decide);
        run("start actions", engine::start);
        run("judge applies", engine::judge);
    }

    private static void run(String step, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.warnf(e, "automation could not %s this tick", step);
        }
    }
}
