package dev.tcpfleet.controlplane.history;

import dev.tcpfleet.controlplane.StoreRetry;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.Topics;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Reads the snapshot stream. A message that is not a valid snapshot is refused (the channel sends it
 * to the dead-letter topic with the reason); a database failure is not the message's fault, so the
 * same snapshot is retried until it is stored (see {@link StoreRetry}).
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
    public CompletionStage<Void> consume(Message<byte[]> message) {
        return retry.store(message, ProtocolJson::readSnapshot,
                snapshot -> ingest.ingest(snapshot, message.getPayload()),
                snapshot -> "snapshot " + snapshot.host().hostId() + "/" + snapshot.collectedAt());
    }
}
