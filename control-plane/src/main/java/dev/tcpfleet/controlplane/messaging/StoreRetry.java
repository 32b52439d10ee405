package dev.tcpfleet.controlplane.messaging;

import dev.tcpfleet.controlplane.ControlPlaneConfig;
import dev.tcpfleet.protocol.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Stores a consumed message until the database takes it, acknowledging it only then, so its offset is committed only
 * once it is stored. A message that cannot be read is its own fault: it is nacked, and its channel's failure strategy
 * sends it to the dead-letter topic. A database failure is not: the store is retried with backoff, the partition
 * waits, nothing is lost or dead-lettered.
 *
 * <p>Shutdown waits here, before Hibernate closes, for the stores under way to finish; a store waiting out a database
 * outage gives up. A message not stored by then is left unacknowledged (a nack would dead-letter it): its offset is
 * not committed, and the next owner of its partition reads it. The Kafka connector then commits what was acknowledged.
 */
@ApplicationScoped
public class StoreRetry {
    private static final Logger LOG = Logger.getLogger(StoreRetry.class);
    /** A store under way is one transaction; its wait for a connection is bounded by the pool's acquisition timeout. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);
    private static final CompletionStage<Void> LEFT_UNACKNOWLEDGED = CompletableFuture.completedFuture(null);

    /** Why a record that was not a message of its topic went to the dead letters, as the counter's reason. */
    static final String UNREADABLE = "unreadable";

    private final Duration maxBackoff;
    private final MeterRegistry registry;
    private final CountDownLatch stopping = new CountDownLatch(1);
    /** Stores hold it shared; shutdown takes it exclusively, once they are done. */
    private final ReadWriteLock stores = new ReentrantReadWriteLock();

    @Inject
    StoreRetry(ControlPlaneConfig config, MeterRegistry registry) {
        this(config.ingestMaxBackoff(), registry);
    }

    StoreRetry(Duration maxBackoff, MeterRegistry registry) {
        this.maxBackoff = maxBackoff;
        this.registry = registry;
    }

    /**
     * Reads {@code message} with {@code reader} and runs {@code store} on it until it returns; {@code what} names the
     * message in the log. The result is what the consuming method returns (its acknowledgement is manual). A
     * {@link Refused} thrown by {@code store} (once its transaction has committed what it must keep) sends the message
     * to the dead letters with its reason instead of retrying it.
     */
    public <M extends Message<byte[]>, T> CompletionStage<Void> store(M message, Function<M, T> reader,
            Consumer<T> store, Function<T, String> what) {
        Lock shared = stores.readLock();
        shared.lock();
        try {
            if (stopping.getCount() == 0) {
                return LEFT_UNACKNOWLEDGED;
            }
            Read<T> read = Read.of(reader, message);
            if (read.failure() != null) {
                return deadLetter(message, read.failure());
            }
            T value = read.value();
            try {
                return untilStored(() -> store.accept(value), () -> what.apply(value)) ? message.ack()
                        : LEFT_UNACKNOWLEDGED;
            } catch (Refused e) {
                return deadLetter(message, e);
            }
        } finally {
            shared.unlock();
        }
    }

    /** A payload as read: its value, or why it could not be read. */
    public record Read<T>(T value, RuntimeException failure) {
        public static <M, T> Read<T> of(Function<M, T> read, M record) {
            try {
                return new Read<>(read.apply(record), null);
            } catch (RuntimeException e) {
                return new Read<>(null, e);
            }
        }
    }

    /** Reads records one after the other with {@code read}, for {@link #storeAll}. */
    public static <M, T> Function<List<M>, List<Read<T>>> eachWith(Function<M, T> read) {
        return records -> records.stream().map(record -> Read.of(read, record)).toList();
    }

    /** For {@link #storeAll}: a store that refuses none of the values it is given. */
    public static <T> Function<List<T>, Map<T, ? extends Refused>> refusingNone(Consumer<List<T>> store) {
        return values -> {
            store.accept(values);
            return Map.of();
        };
    }

    /**
     * Reads {@code records} with {@code readAll} (one {@link Read} per record, in order), runs {@code store} on all
     * those read until it returns, then nacks (to the dead-letter topic) the unreadable ones and those the store
     * refused, and acknowledges {@code batch}, which stands for all of them. {@code store} answers the values it
     * refused (the very objects it was given, each with its reason) from the try that returned, whose transaction
     * kept whatever the refusal must leave behind. The nacks come after the store: a dead-lettered record
     * acknowledges itself, and its offset must not be committed ahead of the rows read beside it.
     */
    public <M extends Message<byte[]>, T> CompletionStage<Void> storeAll(Message<?> batch, List<M> records,
            Function<List<M>, List<Read<T>>> readAll, Function<List<T>, Map<T, ? extends Refused>> store,
            String what) {
        Lock shared = stores.readLock();
        shared.lock();
        try {
            if (stopping.getCount() == 0) {
                return LEFT_UNACKNOWLEDGED;
            }
            List<T> values = new ArrayList<>(records.size());
            List<Message<byte[]>> readable = new ArrayList<>(records.size());
            Map<Message<byte[]>, RuntimeException> unreadable = new LinkedHashMap<>();
            List<Read<T>> reads = readAll.apply(records);
            for (int i = 0; i < records.size(); i++) {
                Read<T> read = reads.get(i);
                if (read.failure() == null) {
                    values.add(read.value());
                    readable.add(records.get(i));
                } else {
                    unreadable.put(records.get(i), read.failure());
                }
            }
            Map<Message<byte[]>, RuntimeException> setAside = new LinkedHashMap<>();
            if (!untilStored(() -> {
                setAside.clear(); // only the try that returned says what was refused
                setAside.putAll(unreadable);
                storeSettingAside(values, readable, store, setAside);
            }, () -> what)) {
                return LEFT_UNACKNOWLEDGED;
            }
            CompletableFuture<?>[] nacks = setAside.entrySet().stream()
                    .map(bad -> deadLetter(bad.getKey(), bad.getValue()).toCompletableFuture())
                    .toArray(CompletableFuture[]::new);
            // a dead letter that cannot be sent must not end the channel: the batch stays unacknowledged instead,
            // and is read again by the next owner of its partitions
            return CompletableFuture.allOf(nacks).handle((nacked, failure) -> {
                if (failure != null) {
                    LOG.errorf("a dead letter of %s could not be sent, so the batch is left unacknowledged: %s", what,
                            failure.getMessage());
                    return LEFT_UNACKNOWLEDGED;
                }
                return batch.ack();
            }).thenCompose(acknowledged -> acknowledged);
        } finally {
            shared.unlock();
        }
    }

    /**
     * Nacks {@code message} to its channel's dead-letter topic and, once sent, counts a snapshot's by its reason
     * ({@code tcpfleet.snapshots.dead.lettered}): the one figure of ingest that says agents send what cannot be stored.
     */
    private CompletionStage<Void> deadLetter(Message<?> message, RuntimeException why) {
        String topic = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(IncomingKafkaRecordMetadata::getTopic).orElse(null);
        return message.nack(why).thenRun(() -> {
            if (Topics.SNAPSHOTS.equals(topic)) {
                Counter.builder("tcpfleet.snapshots.dead.lettered")
                        .description("snapshots sent to the dead-letter topic, by reason: unreadable, refused by host"
                                + " authentication (its refusal), or by the database")
                        .tag("reason", why instanceof Refused refused ? refused.word() : UNREADABLE)
                        .register(registry).increment();
            }
        });
    }

    /**
     * Stores {@code values}, setting aside in {@code refused} those the store refuses; if the database refuses the
     * content of one of them (a time or number beyond its types, text jsonb cannot hold), stores them one by one
     * instead and sets aside those it refuses too: retried, such a message would stop the whole partition for ever.
     */
    private static <T> void storeSettingAside(List<T> values, List<Message<byte[]>> records,
            Function<List<T>, Map<T, ? extends Refused>> store, Map<Message<byte[]>, RuntimeException> refused) {
        Map<T, Message<byte[]>> recordOf = new IdentityHashMap<>();
        for (int i = 0; i < values.size(); i++) {
            recordOf.put(values.get(i), records.get(i));
        }
        try {
            store.apply(values).forEach((value, why) -> refused.put(recordOf.get(value), why));
        } catch (RuntimeException e) {
            if (!isDataError(e)) {
                throw e;
            }
            for (int i = 0; i < values.size(); i++) {
                try {
                    store.apply(List.of(values.get(i))).forEach((value, why) -> refused.put(recordOf.get(value), why));
                } catch (RuntimeException one) {
                    if (!isDataError(one)) {
                        throw one;
                    }
                    refused.put(records.get(i), new RefusedByDatabase(one));
                }
            }
        }
    }

    /** PostgreSQL's class 22, "data exception": the statement's values are wrong, not the database. */
    private static boolean isDataError(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
                return true;
            }
        }
        return false;
    }

    /**
     * A message found at fault while it was stored, not by its reader: it goes to the dead letters with the reason
     * (the exception's message), and is never retried.
     */
    public static class Refused extends RuntimeException {
        private final String word;

        /** @param word the reason in one bounded word, the dead-letter counter's tag; {@code reason} says it all */
        protected Refused(String word, String reason, Throwable cause) {
            super(reason, cause);
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    /** A message whose content the database refused. */
    static final class RefusedByDatabase extends Refused {
        RefusedByDatabase(Throwable cause) {
            super("database", "PostgreSQL refused it: " + rootMessage(cause), cause);
        }

        private static String rootMessage(Throwable e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            return root.getMessage();
        }
    }

    /** @return whether {@code store} returned; false when shutdown came first */
    private boolean untilStored(Runnable store, Supplier<String> what) {
        long backoffMillis = 100;
        while (true) {
            try {
                store.run();
                return true;
            } catch (Refused e) {
                throw e;
            } catch (Exception e) { // a checked one thrown sneakily too: a failure escaping would end the channel
                if (isDataError(e)) {
                    throw new RefusedByDatabase(e);
                }
                if (stopping.getCount() == 0) {
                    LOG.warnf("storing %s failed during shutdown; left for the next owner of its partition: %s",
                            what.get(), e.getMessage());
                    return false;
                }
                LOG.warnf("storing %s failed, retrying in %d ms: %s", what.get(), backoffMillis, e.getMessage());
            }
            try {
                if (stopping.await(backoffMillis, TimeUnit.MILLISECONDS)) {
                    LOG.warnf("gave up storing %s at shutdown; left for the next owner of its partition", what.get());
                    return false;
                }
            } catch (InterruptedException e) { // only a stopping worker pool interrupts
                Thread.currentThread().interrupt();
                return false;
            }
            backoffMillis = Math.min(backoffMillis * 2, maxBackoff.toMillis());
        }
    }

    /** Observed at shutdown, before the database's session factory closes and before the Kafka consumers do. */
    void onStop(@Observes ShutdownEvent event) {
        stopping.countDown();
        LOG.info("stopping: finishing the stores under way; messages not stored are left for the next owners");
        Lock exclusive = stores.writeLock();
        try {
            if (exclusive.tryLock(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                exclusive.unlock();
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.warnf("stores still under way after %s are left for the next owners", DRAIN_TIMEOUT);
    }
}
