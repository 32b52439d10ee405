package dev.tcpfleet.controlplane.campaigns;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * One bar of a connect-latency histogram: the connects that took up to {@code upToMicros} and more than the bar
 * before. Bars double in width from {@link #FIRST_MICROS}, so a dashboard can draw microseconds and seconds on one
 * chart without decoding the HdrHistogram.
 */
public record LatencyBucket(long upToMicros, long count) {
    static final long FIRST_MICROS = 100;

    /** The bars from the first up to the one holding the slowest connect; empty for an empty histogram. */
    static List<LatencyBucket> of(Histogram histogram) {
        List<LatencyBucket> buckets = new ArrayList<>();
        if (histogram.getTotalCount() == 0) {
            return buckets;
        }
        for (HistogramIterationValue bar : histogram.logarithmicBucketValues(FIRST_MICROS, 2)) {
            buckets.add(new LatencyBucket(bar.getValueIteratedTo(), bar.getCountAddedInThisIterationStep()));
        }
        return List.copyOf(buckets);
    }
}
