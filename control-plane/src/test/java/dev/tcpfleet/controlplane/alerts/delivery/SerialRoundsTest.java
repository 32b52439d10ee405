package dev.tcpfleet.controlplane.alerts.delivery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Delivery rounds: one at a time, and a request during a round is never lost. */
class SerialRoundsTest {
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private final CountDownLatch firstMayEnd = new CountDownLatch(1);
    private final CountDownLatch firstStarted = new CountDownLatch(1);
    private final AtomicInteger fullBatches = new AtomicInteger();

    private final SerialRounds rounds = new SerialRounds("test-rounds", () -> {
        mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
            if (started.incrementAndGet() == 1) {
                firstStarted.countDown();
                firstMayEnd.await(10, TimeUnit.SECONDS);
            }
            return fullBatches.getAndDecrement() > 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            running.decrementAndGet();
        }
    });

    @AfterEach
    void close() {
        rounds.close(Duration.ofSeconds(5));
    }

    @Test
    void requestsDuringARoundMakeOneMoreRoundAfterIt() throws InterruptedException {
        rounds.request();
        assertTrue(firstStarted.await(10, TimeUnit.SECONDS));
        rounds.request();
        rounds.request();
        rounds.request();
        firstMayEnd.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> started.get() == 2 && running.get() == 0);
        rounds.close(Duration.ofSeconds(5));
        assertEquals(2, started.get(), "the requests during the first round are one more round, not three");
        assertEquals(1, mostAtOnce.get(), "rounds never overlap");
    }

    @Test
    void aRoundThatLeftWorkBehindIsFollowedAtOnce() {
        firstMayEnd.countDown();
        fullBatches.set(2);

        rounds.request();

        await().atMost(Duration.ofSeconds(10)).until(() -> started.get() == 3 && running.get() == 0);
        rounds.close(Duration.ofSeconds(5));
        assertEquals(3, started.get(), "two full batches, then one that was not");
    }
}
