package dev.tcpfleet.controlplane.ingest;

import dev.tcpfleet.controlplane.messaging.StoreRetry;
import dev.tcpfleet.protocol.Topics;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads the snapshot stream a poll at a time (at most max.poll.records) and stores each poll's snapshots in one
 * transaction. A record that is not a valid snapshot, or that host authentication refuses, is set aside (the channel
 * sends it to the dead-letter topic with the reason) once the rest are stored; a database failure is not the records'
 * fault, so the same batch is retried until it is stored, and acknowledged only then (see {@link StoreRetry}).
 */
@ApplicationScoped
public class SnapshotConsumer {
    private final SnapshotIngestService ingest;
    private final StoreRetry retry;

    SnapshotConsumer(SnapshotIngestService ingest, StoreRetry retry) {
        this.ingest = ingest;
        this.retry = retry;
    }

    @Incoming(Topics.SNAPSHOTS)
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        return retry.storeAll(batch, batch.getRecords(), ingest::readAll, ingest::ingest,
                "a batch of " + batch.getRecords().size() + " snapshots");
    }
}
