package dev.tcpfleet.controlplane.history;

import dev.tcpfleet.protocol.HostSnapshot;

/** A snapshot as read from its message, with the message's bytes, which are what is stored. */
public record ReceivedSnapshot(HostSnapshot snapshot, byte[] body) {
}
