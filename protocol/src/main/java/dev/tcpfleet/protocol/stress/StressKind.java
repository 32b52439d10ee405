package dev.tcpfleet.protocol.stress;

/** What a {@link StressRequest} measures. */
public enum StressKind {
    /** Many connections, concurrently: how many the target takes, how fast, and how the rest fail. */
    CONNECT_LOAD,
    /** A few connections one after another: the connect latency of an idle path. */
    LATENCY_PROBE
}
