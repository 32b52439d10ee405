package dev.tcpfleet.domain.sysctl;

/** The shape of a sysctl's value, which decides how a profile's value is written and checked. */
public enum ValueType {
    /** One integer within the spec's bounds. */
    INTEGER,
    /** 0 or 1. */
    BOOLEAN,
    /** One of a few numbered modes, {@code min..max}, each with its own meaning (e.g. tcp_tw_reuse 0/1/2). */
    ENUM,
    /** Three integers {@code min ≤ default ≤ max}, each within the spec's bounds (tcp_rmem, tcp_wmem, tcp_mem). */
    TRIPLE,
    /** Two ports, first < last, each within the spec's bounds; one port alone would allow one connection per peer. */
    PORT_RANGE,
    /** An algorithm name the host lists in {@code tcp_available_congestion_control}; the bounds are unused. */
    CONGESTION_CONTROL
}
