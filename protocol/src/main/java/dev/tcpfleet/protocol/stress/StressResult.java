package dev.tcpfleet.protocol.stress;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What one host's test measured, or why it refused to run it.
 *
 * @param schemaVersion    {@link StressRequest#SCHEMA_VERSION} of the writer
 * @param testId           the request's id
 * @param kind             the request's kind
 * @param target           {@code host:port} as requested
 * @param refusal          why the host did not run the test (allowlist, caps, headroom); null when it ran, and
 *                         then every figure below is 0
 * @param attempted        connections started
 * @param successes        connections that connected and finished their exchange
 * @param failures         failed connections per class, every class present
 * @param cutShort         connections still open when the duration cap ended the test: neither success nor failure
 * @param elapsedMillis    from the first connect to the last connection's end
 * @param achievedRate     successes per second of {@code elapsedMillis}
 * @param bytesRead        bytes read over all connections
 * @param connectLatencies every completed connect's latency in microseconds, see {@link ConnectLatencies}
 * @param latency          its percentiles, for display
 * @param finishedAt       when the host finished or refused
 */
public record StressResult(
        int schemaVersion,
        String testId,
        StressKind kind,
        String target,
        String refusal,
        long attempted,
        long successes,
        Map<FailureClass, Long> failures,
        long cutShort,
        long elapsedMillis,
        double achievedRate,
        long bytesRead,
        String connectLatencies,
        LatencySummary latency,
        Instant finishedAt) {

    public StressResult {
        EnumMap<FailureClass, Long> all = new EnumMap<>(FailureClass.class);
        for (FailureClass failureClass : FailureClass.values()) {
            Long count = failures == null ? null : failures.get(failureClass);
            all.put(failureClass, count == null ? 0L : count);
        }
        failures = Collections.unmodifiableMap(all);
    }

    public static StressResult refused(StressRequest request, String reason, Instant finishedAt) {
        return new StressResult(StressRequest.SCHEMA_VERSION, request.testId(), request.kind(), request.target(),
                reason, 0, 0, Map.of(), 0, 0, 0, 0, ConnectLatencies.encode(ConnectLatencies.newHistogram()),
                new LatencySummary(0, 0, 0, 0, 0), finishedAt);
    }

    public boolean wasRefused() {
        return refusal != null;
    }

    public long failed() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }
}
