package dev.tcpfleet.domain.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcpfleet.domain.metrics.SnapshotMetric;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostFiguresTest {
    @Test
    void everyMetricIsStoredOnceAtItsPositionCountedFromOne() {
        // a metric added to SnapshotMetric alone fails here, not as a host table sorted by NULLs
        List<SnapshotMetric> byPosition = Arrays.stream(SnapshotMetric.values())
                .sorted((a, b) -> Integer.compare(HostFigures.storedPosition(a), HostFigures.storedPosition(b)))
                .toList();
        assertEquals(HostFigures.STORED_ORDER, byPosition);
        assertEquals(1, HostFigures.storedPosition(HostFigures.STORED_ORDER.get(0)));
    }
}
