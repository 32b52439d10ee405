package dev.tcpfleet.domain.findings;

/** The {@code Finding.code} values {@link Diagnosis} produces. Alert rules match on them: never rename one. */
public final class FindingCodes {
    public static final String TIME_WAIT_CHURN = "TIME_WAIT_CHURN";
    public static final String CLOSE_WAIT_LEAK = "CLOSE_WAIT_LEAK";
    public static final String LISTEN_QUEUE_FULL = "LISTEN_QUEUE_FULL";
    public static final String EPHEMERAL_PORTS_EXHAUSTION = "EPHEMERAL_PORTS_EXHAUSTION";
    public static final String CONNTRACK_NEAR_MAX = "CONNTRACK_NEAR_MAX";
    public static final String SOCKET_MEMORY_PRESSURE = "SOCKET_MEMORY_PRESSURE";
    public static final String RETRANSMISSION_HIGH = "RETRANSMISSION_HIGH";
    public static final String TIMEOUTS_HIGH = "TIMEOUTS_HIGH";
    public static final String FILE_HANDLES_NEAR_MAX = "FILE_HANDLES_NEAR_MAX";

    private FindingCodes() {
    }
}
