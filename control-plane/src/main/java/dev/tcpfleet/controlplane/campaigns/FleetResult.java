package dev.tcpfleet.controlplane.campaigns;

import dev.tcpfleet.protocol.stress.ConnectLatencies;
import dev.tcpfleet.protocol.stress.FailureClass;
import dev.tcpfleet.protocol.stress.LatencySummary;
import dev.tcpfleet.protocol.stress.StressResult;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The fleet's result of a campaign: every host's counts added up, and percentiles of one histogram merged from every
 * host's (exact, unlike averaging hosts' percentiles). Hosts that refused count apart: they measured nothing.
 *
 * @param hostsRun         hosts whose test ran
 * @param hostsRefused     hosts that refused it
 * @param errorRate        failed connections over attempted ones, 0 when none were attempted
 * @param warning          whether {@code errorRate} is above the configured threshold
 * @param connectLatencies the merged histogram, encoded as the hosts send theirs
 * @param distribution     the merged histogram as bars of doubling width, for charts
 */
public record FleetResult(int hostsRun, int hostsRefused, long attempted, long successes,
        Map<FailureClass, Long> failures, long cutShort, double errorRate, boolean warning, LatencySummary latency,
        String connectLatencies, List<LatencyBucket> distribution) {

    public static FleetResult of(List<StressResult> results, double warningAbove) {
        List<StressResult> ran = results.stream().filter(result -> !result.wasRefused()).toList();
        Map<FailureClass, Long> failures = new EnumMap<>(FailureClass.class);
        long attempted = 0;
        long successes = 0;
        long cutShort = 0;
        for (StressResult result : ran) {
            attempted += result.attempted();
            successes += result.successes();
            cutShort += result.cutShort();
            result.failures().forEach((failure, count) -> failures.merge(failure, count, Long::sum));
        }
        long failed = failures.values().stream().mapToLong(Long::longValue).sum();
        double errorRate = attempted == 0 ? 0 : (double) failed / attempted;
        Histogram merged = ConnectLatencies.merge(ran.stream().map(StressResult::connectLatencies).toList());
        return new FleetResult(ran.size(), results.size() - ran.size(), attempted, successes, Collections.unmodifiableMap(failures),
                cutShort, errorRate, errorRate > warningAbove, LatencySummary.of(merged),
                ConnectLatencies.encode(merged), LatencyBucket.of(merged));
    }
}
