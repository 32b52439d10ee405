package dev.tcpfleet.controlplane.rollouts;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.TcpState;
import java.util.Arrays;
import java.util.stream.Collectors;

/** A snapshot figure a health gate can compare before and after a wave; higher is always worse. */
public enum Metric {
    /** Sockets in TIME_WAIT: a pooling or keepalive setting gone wrong shows as churn here first. */
    TIME_WAIT("timeWait"),
    /** Accept queue overflows a second: a smaller backlog or a slower acceptor. */
    LISTEN_OVERFLOWS_PER_SECOND("listenOverflowsPerSecond"),
    /** Retransmitted segments a second: buffer or congestion settings that hurt the path. */
    RETRANSMITS_PER_SECOND("retransmitsPerSecond");

    private final String apiName;

    Metric(String apiName) {
        this.apiName = apiName;
    }

    /** Also how a stored or shown rollout spec names it: one name in the request, the view and the database. */
    @JsonValue
    public String apiName() {
        return apiName;
    }

    /** The figure in {@code snapshot}, or null when the snapshot lacks it (a rate on the agent's first one). */
    public Double valueIn(HostSnapshot snapshot) {
        return switch (this) {
            case TIME_WAIT -> snapshot.tcpStates().isEmpty() ? null : (double) snapshot.count(TcpState.TIME_WAIT);
            case LISTEN_OVERFLOWS_PER_SECOND -> rate(snapshot, "ListenOverflows");
            case RETRANSMITS_PER_SECOND -> rate(snapshot, "RetransSegs");
        };
    }

    private static Double rate(HostSnapshot snapshot, String counter) {
        return snapshot.tcpCounters() == null ? null : snapshot.tcpCounters().rate(counter);
    }

    public static Metric byApiName(String field, String name) {
        return Arrays.stream(values()).filter(m -> m.apiName.equals(name)).findFirst()
                .orElseThrow(() -> new InvalidRolloutException(field, "metric is one of " + Arrays.stream(values())
                        .map(Metric::apiName).collect(Collectors.joining(", ")) + ", got " + name));
    }
}
