package dev.tcpfleet.agent.snapshot;

import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/** Collects a snapshot every {@code tcpfleet.agent.interval} and publishes it, keyed by host id. */
@ApplicationScoped
public class SnapshotPublisher {
    private static final Logger LOG = Logger.getLogger(SnapshotPublisher.class);

    private final SnapshotCollector collector;
    private final Emitter<Record<String, byte[]>> snapshots;
    private final Timer collectionTime;
    private final Counter published;
    private final Counter failed;

    SnapshotPublisher(SnapshotCollector collector,
            @Channel(Topics.SNAPSHOTS) Emitter<Record<String, byte[]>> snapshots, MeterRegistry registry) {
        this.collector = collector;
        this.snapshots = snapshots;
        this.collectionTime = Timer.builder("tcpfleet.agent.collection").description("time to collect one snapshot")
                .register(registry);
        this.published = Counter.builder("tcpfleet.agent.snapshots.published").register(registry);
        this.failed = Counter.builder("tcpfleet.agent.snapshots.failed").register(registry);
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
        try {
            snapshots.send(Record.of(snapshot.host().hostId(), ProtocolJson.write(snapshot)))
                    .whenComplete((ignored, error) -> {
                        if (error == null) {
                            published.increment();
                        } else {
                            notPublished(snapshot, error);
                        }
                    });
        } catch (RuntimeException e) {
            // the scheduler can tick before messaging has wired the channel at start-up; the next tick sends
            notPublished(snapshot, e);
        }
    }

    private void notPublished(HostSnapshot snapshot, Throwable error) {
        failed.increment();
        LOG.warnf("snapshot %s not published: %s", snapshot.collectedAt(), error.getMessage());
    }
}
