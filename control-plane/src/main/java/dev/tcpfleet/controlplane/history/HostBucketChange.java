package dev.tcpfleet.controlplane.history;

import java.time.Instant;
import java.util.List;

/**
 * How one batch moved one host's bucket row: per {@link dev.tcpfleet.domain.metrics.SnapshotMetric}, in declaration
 * order, its samples and sum before and after. What the fleet rows of that bucket must add follows from it alone.
 */
public record HostBucketChange(String hostId, String bucket, Instant bucketStart, List<Move> moves) {

    /** One metric's figures before and after the batch. */
    public record Move(int samplesBefore, double sumBefore, int samplesAfter, double sumAfter) {
        /**
         * A fleet figure is the sum of the hosts' bucket averages (as the per-host query has it), so a host whose
         * average moves from a to b adds b - a: its second snapshot in a minute moves its average, it does not add
         * the host again. Divided as PostgreSQL divides the row, so that the two agree.
         */
        public double sumDelta() {
            return averageAfter() - averageBefore();
        }

        /** 1 when the host has its first sample of the metric in the bucket: only then does it count as a host. */
        public int hostsDelta() {
            return hostsAfter() - hostsBefore();
        }

        /** 1 when the host had the metric in the bucket before the batch: it counted as a host of its groups. */
        public int hostsBefore() {
            return samplesBefore > 0 ? 1 : 0;
        }

        public int hostsAfter() {
            return samplesAfter > 0 ? 1 : 0;
        }

        /** The host's bucket average before the batch, what its groups' sums held of it (0 without samples). */
        public double averageBefore() {
            return average(samplesBefore, sumBefore);
        }

        public double averageAfter() {
            return average(samplesAfter, sumAfter);
        }

        private static double average(int samples, double sum) {
            return samples == 0 ? 0 : sum / samples;
        }
    }

    /** Whether the change moves no fleet figure, so there is nothing to write. */
    public boolean movesNothing() {
        return moves.stream().allMatch(move -> move.hostsDelta() == 0 && move.sumDelta() == 0);
    }
}
