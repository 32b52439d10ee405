package dev.tcpfleet.protocol.stress;

import org.HdrHistogram.Histogram;

/**
 * Convenience percentiles of a connect-latency histogram, in microseconds, for readers that do not decode it.
 * Merging hosts' results needs the histograms themselves ({@link ConnectLatencies#merge}), never these.
 */
public record LatencySummary(long count, long p50Micros, long p90Micros, long p99Micros, long maxMicros) {
    public static LatencySummary of(Histogram histogram) {
        if (histogram.getTotalCount() == 0) {
            return new LatencySummary(0, 0, 0, 0, 0);
        }
        return new LatencySummary(histogram.getTotalCount(), histogram.getValueAtPercentile(50),
                histogram.getValueAtPercentile(90), histogram.getValueAtPercentile(99), histogram.getMaxValue());
    }
}
