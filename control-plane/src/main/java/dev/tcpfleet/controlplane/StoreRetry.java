package dev.tcpfleet.controlplane;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Stores a consumed message until the database takes it. A database failure is not the message's fault, so the
 * message is not dead-lettered: it is retried with backoff, the partition waits, nothing is lost. At shutdown the
 * failure is thrown instead, leaving the message unacknowledged for the next owner of the partition.
 */
@ApplicationScoped
public class StoreRetry {
    private static final Logger LOG = Logger.getLogger(StoreRetry.class);

    private final Duration maxBackoff;
    private volatile boolean stopping;

    StoreRetry(ControlPlaneConfig config) {
        this.maxBackoff = config.ingestMaxBackoff();
    }

    /** Runs {@code store} until it returns; {@code what} names the message in the log. */
    public void untilStored(Runnable store, Supplier<String> what) throws InterruptedException {
        long backoffMillis = 100;
        while (true) {
            try {
                store.run();
                return;
            } catch (RuntimeException e) {
                if (stopping) {
                    throw e;
                }
                LOG.warnf("storing %s failed, retrying in %d ms: %s", what.get(), backoffMillis, e.getMessage());
                Thread.sleep(backoffMillis);
                backoffMillis = Math.min(backoffMillis * 2, maxBackoff.toMillis());
            }
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }
}
