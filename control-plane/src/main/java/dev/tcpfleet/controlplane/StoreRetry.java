package dev.tcpfleet.controlplane;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Stores a consumed message until the database takes it, acknowledging it only then, so its offset is committed only
 * once it is stored. A message that cannot be read is its own fault: it is nacked, and its channel's failure strategy
 * sends it to the dead-letter topic. A database failure is not: the store is retried with backoff, the partition
 * waits, nothing is lost or dead-lettered.
 *
 * <p>At shutdown a failing store is given up without a nack, which would dead-letter the message: left unacknowledged,
 * its offset is not committed and the next owner of the partition reads it again. Stores that succeed go on, so the
 * Kafka connector's graceful stop finishes what it polled and commits it before the consumer closes.
 */
@ApplicationScoped
public class StoreRetry {
    private static final Logger LOG = Logger.getLogger(StoreRetry.class);

    private final Duration maxBackoff;
    private volatile boolean stopping;

    @Inject
    StoreRetry(ControlPlaneConfig config) {
        this(config.ingestMaxBackoff());
    }

    StoreRetry(Duration maxBackoff) {
        this.maxBackoff = maxBackoff;
    }

    /**
     * Reads {@code message}'s payload with {@code read} and runs {@code store} on it until it returns; {@code what}
     * names the message in the log. The result is what the consuming method returns (its acknowledgement is manual).
     */
    public <T> CompletionStage<Void> store(Message<byte[]> message, Function<byte[], T> read, Consumer<T> store,
            Function<T, String> what) {
        T value;
        try {
            value = read.apply(message.getPayload());
        } catch (RuntimeException e) {
            return message.nack(e);
        }
        long backoffMillis = 100;
        while (true) {
            try {
                store.accept(value);
                return message.ack();
            } catch (Exception e) { // a checked one thrown sneakily too: a failure escaping would end the channel
                if (stopping) {
                    LOG.warnf("storing %s failed during shutdown; left for the next owner of its partition: %s",
                            what.apply(value), e.getMessage());
                    return CompletableFuture.completedFuture(null);
                }
                LOG.warnf("storing %s failed, retrying in %d ms: %s", what.apply(value), backoffMillis, e.getMessage());
            }
            try {
                Thread.sleep(backoffMillis);
            } catch (InterruptedException e) { // only a stopping worker pool interrupts
                Thread.currentThread().interrupt();
                return CompletableFuture.completedFuture(null);
            }
            backoffMillis = Math.min(backoffMillis * 2, maxBackoff.toMillis());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }
}
