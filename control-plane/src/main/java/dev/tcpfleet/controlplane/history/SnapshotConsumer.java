package dev.tcpfleet.controlplane.history;

import dev.tcpfleet.controlplane.ControlPlaneConfig;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads the snapshot stream. A message that is not a valid snapshot is refused (the channel sends it
 * to the dead-letter topic with the reason); a database failure is not the message's fault, so the
 * same snapshot is retried, with backoff, until it is stored: the partition waits, nothing is lost.
 */
@ApplicationScoped
public class SnapshotConsumer {
    private static final Logger LOG = Logger.getLogger(SnapshotConsumer.class);

    private final SnapshotIngestService ingest;
    private final Duration maxBackoff;
    private volatile boolean stopping;

    SnapshotConsumer(SnapshotIngestService ingest, ControlPlaneConfig config) {
        this.ingest = ingest;
        this.maxBackoff = config.ingestMaxBackoff();
    }

    @Incoming(Topics.SNAPSHOTS)
    @Blocking
    public void consume(byte[] message) throws InterruptedException {
        HostSnapshot snapshot = ProtocolJson.readSnapshot(message);
        long backoffMillis = 100;
        while (true) {
            try {
                ingest.ingest(snapshot, message);
                return;
            } catch (RuntimeException e) {
                if (stopping) {
                    // not acknowledged: the next owner of the partition reads it again
                    throw e;
                }
                LOG.warnf("storing snapshot %s/%s failed, retrying in %d ms: %s", snapshot.host().hostId(),
                        snapshot.collectedAt(), backoffMillis, e.getMessage());
                Thread.sleep(backoffMillis);
                backoffMillis = Math.min(backoffMillis * 2, maxBackoff.toMillis());
            }
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }
}
