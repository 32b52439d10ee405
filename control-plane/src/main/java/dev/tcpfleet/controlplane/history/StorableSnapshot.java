package dev.tcpfleet.controlplane.history;

import dev.tcpfleet.protocol.HostSnapshot;

/** A snapshot with the bytes that are stored for it: how ingest hands history what it received. */
public interface StorableSnapshot {
    HostSnapshot snapshot();

    byte[] body();
}
