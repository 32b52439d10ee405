package dev.tcpfleet.controlplane.ingest;

import dev.tcpfleet.controlplane.enrolment.Claim;
import dev.tcpfleet.controlplane.enrolment.Envelope;
import dev.tcpfleet.controlplane.history.StorableSnapshot;
import dev.tcpfleet.protocol.HostSnapshot;

/** A snapshot as read from its message, with the message as delivered, whose bytes are what is stored. */
public record ReceivedSnapshot(HostSnapshot snapshot, Envelope envelope) implements StorableSnapshot {

    @Override
    public byte[] body() {
        return envelope.value();
    }

    /** What authentication checks of it. */
    public Claim claim() {
        return new Claim(envelope, snapshot.host().hostId(), snapshot.host().hostname(), snapshot.host().labels(),
                snapshot.collectedAt());
    }
}
