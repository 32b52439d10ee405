package dev.tcpfleet.controlplane.alerts.delivery;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Runs rounds of work on a thread of its own, one at a time, when asked. A request during a round makes one more
 * round after it, so work recorded while a round was reading is not missed; requests while a round is already
 * waiting to start add nothing, as that round will see their work too. A round that answers true is followed by
 * another at once (it left work behind, a full batch).
 */
final class SerialRounds {
    private static final Logger LOG = Logger.getLogger(SerialRounds.class);

    private final String name;
    private final BooleanSupplier round;
    private final ExecutorService thread;
    /** True from a request until the round it queued starts. */
    private final AtomicBoolean queued = new AtomicBoolean();

    SerialRounds(String name, BooleanSupplier round) {
        this.name = name;
        this.round = round;
        this.thread = Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Asks for a round: now, or right after the one under way. */
    void request() {
        if (queued.compareAndSet(false, true)) {
            try {
                thread.execute(this::run);
            } catch (RejectedExecutionException e) {
                // closed: no more rounds
            }
        }
    }

    private void run() {
        queued.set(false);
        boolean again;
        try {
            again = round.getAsBoolean();
        } catch (RuntimeException e) {
            LOG.warnf(e, "a %s round failed", name);
            again = false;
        }
        if (again) {
            request();
        }
    }

    /** Takes no more requests and waits up to {@code wait} for the round under way, then interrupts it. */
    void close(Duration wait) {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
