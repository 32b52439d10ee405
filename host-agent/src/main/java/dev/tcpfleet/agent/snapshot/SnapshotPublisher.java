package dev.tcpfleet.agent.snapshot;

import dev.tcpfleet.agent.AgentConfig;
import dev.tcpfleet.agent.SendBuffer;
import dev.tcpfleet.agent.ShutdownDeadline;
import dev.tcpfleet.agent.identity.HostSealing;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * Collects a snapshot every {@code tcpfleet.agent.interval} and publishes it, keyed by host id. While the broker is
 * unreachable, snapshots wait in a bounded {@link SendBuffer} (oldest dropped first) and are sent in order once it
 * takes them again. A send that timed out may still have been written, so a snapshot can reach the topic twice: the
 * control plane stores snapshots by (host, collectedAt) and ignores the second copy (SnapshotStore.insert). Each is
 * sealed as it is sent ({@link HostSealing}), buffered ones too.
 */
@ApplicationScoped
public class SnapshotPublisher {
    private static final Logger LOG = Logger.getLogger(SnapshotPublisher.class);

    private final SnapshotCollector collector;
    private final Emitter<Record<String, byte[]>> snapshots;
    private final HostSealing sealing;
    private final SendBuffer<Unsent> buffer;
    private final ShutdownDeadline shutdown;
    private final Timer collectionTime;
    private final DistributionSummary snapshotBytes;
    private final Counter collected;
    private final Counter published;
    private final Counter dropped;
    private final Counter failed;
    private CompletableFuture<Boolean> sending = CompletableFuture.completedFuture(true);
    private boolean brokerAway;

    /** A snapshot as it goes on the wire, with its time for the log. */
    record Unsent(String hostId, Instant collectedAt, byte[] message) {
    }

    SnapshotPublisher(SnapshotCollector collector, @Channel(Topics.SNAPSHOTS) Emitter<Record<String, byte[]>> snapshots,
            HostSealing sealing, AgentConfig config, ShutdownDeadline shutdown, MeterRegistry registry) {
        this.collector = collector;
        this.snapshots = snapshots;
        this.sealing = sealing;
        this.buffer = new SendBuffer<>(config.buffer().snapshots());
        this.shutdown = shutdown;
        // fixed buckets, from a quiet host's millisecond to a crowded one's seconds: a histogram Prometheus can sum
        this.collectionTime = Timer.builder("tcpfleet.agent.collection").description("time to collect one snapshot")
                .serviceLevelObjectives(Stream.of(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500)
                        .map(Duration::ofMillis).toArray(Duration[]::new))
                .register(registry);
        this.snapshotBytes = DistributionSummary.builder("tcpfleet.agent.snapshot").baseUnit("bytes")
                .description("size of each snapshot the broker acknowledged, as JSON before compression")
                .register(registry);
        this.collected = Counter.builder("tcpfleet.agent.snapshots.collected")
                .description("snapshots collected: published, dropped or still buffered").register(registry);
        this.published = Counter.builder("tcpfleet.agent.snapshots.published")
                .description("snapshots the broker acknowledged").register(registry);
        this.dropped = Counter.builder("tcpfleet.agent.snapshots.dropped")
                .description("snapshots dropped unsent, oldest first, when the buffer was full").register(registry);
        this.failed = Counter.builder("tcpfleet.agent.snapshots.failed")
                .description("collections that failed").register(registry);
        Gauge.builder("tcpfleet.agent.snapshots.buffered", buffer, SendBuffer::size)
                .description("snapshots not yet acknowledged by the broker").register(registry);
    }

    @Scheduled(every = "${tcpfleet.agent.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void publish() {
        HostSnapshot snapshot;
        try {
            snapshot = collector.collect();
        } catch (RuntimeException e) {
            failed.increment();
            LOG.errorf("snapshot collection failed: %s", e.getMessage());
            return;
        }
        collectionTime.record(Duration.ofNanos(snapshot.collectionMicros() * 1_000));
        collected.increment();
        buffer.add(new Unsent(snapshot.host().hostId(), snapshot.collectedAt(), ProtocolJson.write(snapshot)))
                .ifPresent(this::drop);
        sendNext();
    }

    /**
     * Sends the oldest waiting snapshot unless one is on its way; each acknowledgement sends the next. A failure
     * waits for the next tick, so an unreachable broker is tried once per interval.
     *
     * @return the send on its way, true once acknowledged (or when nothing was waiting), false once failed
     */
    private synchronized CompletableFuture<Boolean> sendNext() {
        if (!sending.isDone()) {
            return sending;
        }
        sending = buffer.startSending().map(this::send).orElse(CompletableFuture.completedFuture(true));
        // chained on the send as stored, so the next one sees it done
        sending.thenAccept(acknowledged -> {
            if (acknowledged && buffer.size() > 0) {
                sendNext();
            }
        });
        return sending;
    }

    private CompletableFuture<Boolean> send(Unsent unsent) {
        CompletableFuture<Void> ack;
        try {
            ack = sealing.send(snapshots, unsent.hostId(), unsent.message());
        } catch (RuntimeException e) {
            // the scheduler can tick before messaging has wired the channel at start-up
            ack = CompletableFuture.failedFuture(e);
        }
        return ack.handle((ignored, error) -> {
            if (error == null) {
                buffer.sent();
                published.increment();
                snapshotBytes.record(unsent.message().length);
                brokerReached();
                return true;
            }
            buffer.failed().ifPresent(this::drop);
            brokerMissed(unsent, error);
            return false;
        });
    }

    private synchronized void brokerReached() {
        if (brokerAway) {
            brokerAway = false;
            LOG.infof("the broker takes snapshots again; %d still to send", buffer.size());
        }
    }

    private synchronized void brokerMissed(Unsent unsent, Throwable error) {
        if (!brokerAway) {
            brokerAway = true;
            LOG.warnf("snapshot %s not published, keeping up to the buffer's capacity until the broker is back: %s",
                    unsent.collectedAt(), error.getMessage());
        }
    }

    private void drop(Unsent unsent) {
        dropped.increment();
        LOG.debugf("buffer full: dropped the snapshot collected at %s", unsent.collectedAt());
    }

    /** On SIGTERM, sends what is still buffered, within the drain budget, unless the broker is away. */
    void flush(@Observes ShutdownEvent event) {
        while (buffer.size() > 0) {
            Duration left = shutdown.remaining(Duration.ZERO);
            try {
                if (!sendNext().get(left.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warnf("stopping with %d snapshots unsent: the broker is away", buffer.size());
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                LOG.warnf("stopping with %d snapshots unsent: %s", buffer.size(), e);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
