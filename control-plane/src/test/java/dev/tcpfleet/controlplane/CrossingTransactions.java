package dev.tcpfleet.controlplane;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Two transactions crossing on the real PostgreSQL, as two instances' or two threads' would: the first holds what it
 * locked while the second is seen waiting for it, by PostgreSQL's own account rather than by a sleep.
 */
public final class CrossingTransactions {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /**
     * A transaction on another thread that did its work and keeps its locks until {@link #commit()}, or until closed
     * when a test fails before: the test's clean-up would wait for its locks.
     */
    public static final class Held implements AutoCloseable {
        private final CountDownLatch commit = new CountDownLatch(1);
        private final CompletableFuture<Void> done;

        private Held(Runnable work) {
            CountDownLatch worked = new CountDownLatch(1);
            done = CompletableFuture.runAsync(() -> QuarkusTransaction.requiringNew().run(() -> {
                work.run();
                worked.countDown();
                awaitLatch(commit);
            }));
            await().atMost(PATIENCE).until(() -> worked.getCount() == 0 || done.isDone());
            done.getNow(null); // rethrows what the work threw
        }

        public void commit() {
            close();
            done.orTimeout(PATIENCE.toSeconds(), TimeUnit.SECONDS).join();
        }

        @Override
        public void close() {
            commit.countDown();
        }
    }

    private CrossingTransactions() {
    }

    /** Runs {@code work} in a transaction of its own on another thread; returns once it is done, its locks held. */
    public static Held hold(Runnable work) {
        return new Held(work);
    }

    /**
     * Starts {@code work} in a transaction of its own on another thread and returns once PostgreSQL shows a statement
     * of it, recognised by {@code statement}, waiting for a lock; fails if the work ends without waiting.
     */
    public static <T> CompletableFuture<T> waitingOnALock(EntityManager em, String statement, Supplier<T> work) {
        CompletableFuture<T> result = CompletableFuture.supplyAsync(() -> QuarkusTransaction.requiringNew()
                .call(work::get));
        await().atMost(PATIENCE).until(() -> result.isDone() || waiting(em, statement));
        assertFalse(result.isDone(), "it did not wait for the other transaction: " + result);
        return result;
    }

    private static boolean waiting(EntityManager em, String statement) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery("SELECT count(*)"
                + " FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
                + " AND strpos(query, ?1) > 0").setParameter(1, statement).getSingleResult()).intValue() > 0);
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            assertTrue(latch.await(PATIENCE.toSeconds(), TimeUnit.SECONDS), "the test did not release the transaction");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
