package dev.tcpfleet.controlplane.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostBucketChangeTest {
    @Test
    void aHostAddsItsAverageOnceAndThenOnlyHowItMoves() {
        record Case(String name, HostBucketChange.Move move, double sum, int hosts) {
        }
        for (Case c : List.of(
                new Case("first sample", new HostBucketChange.Move(0, 0, 1, 10), 10, 1),
                new Case("second sample in the minute: the average moves 10 -> 30",
                        new HostBucketChange.Move(1, 10, 2, 60), 20, 0),
                new Case("two more at once: 30 -> 25", new HostBucketChange.Move(2, 60, 4, 100), -5, 0),
                new Case("a batch without the metric", new HostBucketChange.Move(2, 60, 2, 60), 0, 0),
                new Case("still none", new HostBucketChange.Move(0, 0, 0, 0), 0, 0))) {
            assertEquals(c.sum(), c.move().sumDelta(), 1e-12, c.name());
            assertEquals(c.hosts(), c.move().hostsDelta(), c.name());
        }
    }

    @Test
    void aChangeMovesNothingOnlyWhenNoMetricMoves() {
        Instant minute = Instant.parse("2026-01-01T00:00:00Z");
        HostBucketChange.Move still = new HostBucketChange.Move(1, 5, 1, 5);
        assertTrue(new HostBucketChange("h", "1m", minute, List.of(still, still)).movesNothing());
        assertFalse(new HostBucketChange("h", "1m", minute,
                List.of(still, new HostBucketChange.Move(1, 5, 2, 12))).movesNothing());
        assertFalse(new HostBucketChange("h", "1m", minute,
                List.of(still, new HostBucketChange.Move(0, 0, 1, 0))).movesNothing(), "a host with a zero counts");
    }
}
