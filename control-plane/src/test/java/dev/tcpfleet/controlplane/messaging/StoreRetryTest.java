package dev.tcpfleet.controlplane.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.runtime.ShutdownEvent;
import java.nio.charset.StandardCharsets;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

/** What becomes of a consumed message: acknowledged once stored, nacked only when unreadable, else left alone. */
class StoreRetryTest {
    private final StoreRetry retry = new StoreRetry(Duration.ofMillis(200), new SimpleMeterRegistry());
    private final AtomicInteger acks = new AtomicInteger();
    private final AtomicReference<Throwable> nacked = new AtomicReference<>();
    private final Message<byte[]> message = Message.of("42".getBytes(StandardCharsets.UTF_8), () -> {
        acks.incrementAndGet();
        return CompletableFuture.completedFuture(null);
    }, reason -> {
        nacked.set(reason);
        return CompletableFuture.completedFuture(null);
    });

    @Test
    void aFailingStoreIsRetriedUntilItIsStoredAndOnlyThenAcknowledged() {
        AtomicInteger tries = new AtomicInteger();
        retry.store(message, StoreRetryTest::read, value -> {
            if (tries.incrementAndGet() < 3) {
                throw new IllegalStateException("the database is down");
            }
        }, value -> "value " + value).toCompletableFuture().join();

        assertEquals(3, tries.get());
        assertEquals(1, acks.get());
        assertNull(nacked.get());
    }

    @Test
    void anUnreadableMessageIsNackedForTheDeadLetterTopicAndNeverStored() {
        IllegalArgumentException unreadable = new IllegalArgumentException("not a number");
        AtomicInteger tries = new AtomicInteger();
        retry.store(message, payload -> {
            throw unreadable;
        }, value -> tries.incrementAndGet(), value -> "value " + value).toCompletableFuture().join();

        assertSame(unreadable, nacked.get());
        assertEquals(0, tries.get());
        assertEquals(0, acks.get());
    }

    @Test
    void shutdownWaitsForAStoreUnderWayWhichIsAcknowledged() throws Exception {
        CountDownLatch storing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> consumed = CompletableFuture.runAsync(() -> retry.store(message, StoreRetryTest::read,
                value -> {
                    storing.countDown();
                    waitFor(release);
                }, value -> "value " + value));
        storing.await();
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> retry.onStop(new ShutdownEvent()));

        assertThrows(TimeoutException.class, () -> stopped.get(300, TimeUnit.MILLISECONDS));
        release.countDown();
        stopped.get(5, TimeUnit.SECONDS);
        consumed.get(5, TimeUnit.SECONDS);
        assertEquals(1, acks.get());
    }

    @Test
    void aStoreWaitingOutAnOutageGivesUpAtShutdownWithoutAckOrNack() throws Exception {
        StoreRetry patient = new StoreRetry(Duration.ofMinutes(10), new SimpleMeterRegistry());
        AtomicInteger tries = new AtomicInteger();
        CompletableFuture<Void> consumed = CompletableFuture.runAsync(() -> patient.store(message,
                StoreRetryTest::read, value -> {
                    tries.incrementAndGet();
                    throw new IllegalStateException("the database is down");
                }, value -> "value " + value));
        await().atMost(Duration.ofSeconds(5)).until(() -> tries.get() >= 3);

        patient.onStop(new ShutdownEvent());
        consumed.get(5, TimeUnit.SECONDS);
        assertEquals(0, acks.get(), "acknowledged, its offset would be committed though it was never stored");
        assertNull(nacked.get(), "nacked, it would go to the dead-letter topic");
    }

    @Test
    void afterShutdownBeganAMessageIsLeftForTheNextOwnerUntouched() {
        retry.onStop(new ShutdownEvent());
        AtomicInteger tries = new AtomicInteger();
        retry.store(message, StoreRetryTest::read, value -> tries.incrementAndGet(), value -> "value " + value)
                .toCompletableFuture().join();

        assertEquals(0, tries.get());
        assertEquals(0, acks.get());
        assertNull(nacked.get());
    }

    @Test
    void aBatchIsStoredWithoutItsUnreadableRecordWhichIsNackedOnlyOnceTheRestIsStored() {
        List<String> events = new CopyOnWriteArrayList<>();
        Message<byte[]> bad = Message.of("x".getBytes(StandardCharsets.UTF_8), () -> {
            events.add("bad acked");
            return CompletableFuture.completedFuture(null);
        }, reason -> {
            events.add("bad nacked: " + reason.getMessage());
            return CompletableFuture.completedFuture(null);
        });
        AtomicInteger tries = new AtomicInteger();
        retry.storeAll(message, List.of(record("1"), bad, record("2")), StoreRetry.eachWith(StoreRetryTest::read),
                StoreRetry.refusingNone(values -> {
                    if (tries.incrementAndGet() < 2) {
                        throw new IllegalStateException("the database is down");
                    }
                    events.add("stored " + values);
                }), "a batch").toCompletableFuture().join();

        assertEquals(List.of("stored [1, 2]", "bad nacked: For input string: \"x\""), events);
        assertEquals(1, acks.get());
        assertNull(nacked.get());
    }

    @Test
    void recordsTheStoreRefusesAreNackedWithTheirReasonsOfTheTryThatReturnedOnceTheRestIsStored() {
        List<String> events = new CopyOnWriteArrayList<>();
        Message<byte[]> refusedFirst = recording("3", events);
        Message<byte[]> refusedLast = recording("4", events);
        AtomicInteger tries = new AtomicInteger();
        retry.storeAll(message, List.of(record("1"), refusedFirst, refusedLast),
                StoreRetry.eachWith(StoreRetryTest::read), values -> {
                    Map<Integer, StoreRetry.Refused> refused = new IdentityHashMap<>();
                    // the first try refuses 3 and then fails; the second refuses only 4, and returns
                    values.stream().filter(value -> value == (tries.get() == 0 ? 3 : 4))
                            .forEach(value -> refused.put(value, new StoreRetry.Refused("test", "no " + value, null) { }));
                    if (tries.incrementAndGet() < 2) {
                        throw new IllegalStateException("the database is down");
                    }
                    events.add("stored " + values.stream().filter(value -> !refused.containsKey(value)).toList());
                    return refused;
                }, "a batch").toCompletableFuture().join();

        assertEquals(List.of("stored [1, 3]", "4 nacked: no 4"), events);
        assertEquals(1, acks.get());
    }

    private static Message<byte[]> recording(String payload, List<String> events) {
        return Message.of(payload.getBytes(StandardCharsets.UTF_8), () -> {
            events.add(payload + " acked");
            return CompletableFuture.completedFuture(null);
        }, reason -> {
            events.add(payload + " nacked: " + reason.getMessage());
            return CompletableFuture.completedFuture(null);
        });
    }

    @Test
    void aBatchWaitingOutAnOutageGivesUpAtShutdownAndNacksNothing() throws Exception {
        StoreRetry patient = new StoreRetry(Duration.ofMinutes(10), new SimpleMeterRegistry());
        AtomicReference<Throwable> badNacked = new AtomicReference<>();
        Message<byte[]> bad = Message.of("x".getBytes(StandardCharsets.UTF_8), () -> CompletableFuture.completedFuture(
                null), reason -> {
            badNacked.set(reason);
            return CompletableFuture.completedFuture(null);
        });
        AtomicInteger tries = new AtomicInteger();
        CompletableFuture<Void> consumed = CompletableFuture.runAsync(() -> patient.storeAll(message,
                List.of(bad, record("1")), StoreRetry.eachWith(StoreRetryTest::read),
                StoreRetry.refusingNone(values -> {
                    tries.incrementAndGet();
                    throw new IllegalStateException("the database is down");
                }), "a batch"));
        await().atMost(Duration.ofSeconds(5)).until(() -> tries.get() >= 3);

        patient.onStop(new ShutdownEvent());
        consumed.get(5, TimeUnit.SECONDS);
        assertEquals(0, acks.get(), "acknowledged, its offsets would be committed though it was never stored");
        assertNull(badNacked.get(), "dead-lettered, its offset could be committed ahead of the unstored records");
    }

    private static Message<byte[]> record(String payload) {
        return Message.of(payload.getBytes(StandardCharsets.UTF_8));
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int read(Message<byte[]> message) {
        return Integer.parseInt(new String(message.getPayload(), StandardCharsets.UTF_8));
    }
}
