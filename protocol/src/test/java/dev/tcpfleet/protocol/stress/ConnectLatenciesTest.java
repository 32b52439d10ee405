package dev.tcpfleet.protocol.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ConnectLatenciesTest {

    @Test
    void mergingTwoEncodedHistogramsEqualsRecordingEveryValueInOne() {
        Random random = new Random(42);
        Histogram hostA = ConnectLatencies.newHistogram();
        Histogram hostB = ConnectLatencies.newHistogram();
        Histogram everything = ConnectLatencies.newHistogram();
        for (int i = 0; i < 10_000; i++) {
            long fast = 20 + random.nextInt(500);             // loopback-like microseconds
            long slow = 1_000 + (long) (random.nextDouble() * 3_000_000); // up to a SYN retransmission
            hostA.recordValue(fast);
            hostB.recordValue(slow);
            everything.recordValue(fast);
            everything.recordValue(slow);
        }

        Histogram merged = ConnectLatencies.merge(
                List.of(ConnectLatencies.encode(hostA), ConnectLatencies.encode(hostB)));

        assertEquals(everything, merged);
        assertEquals(LatencySummary.of(everything), LatencySummary.of(merged));
        assertEquals(20_000, merged.getTotalCount());
    }

    @Test
    void anEmptyHistogramSurvivesTheTrip() {
        Histogram empty = ConnectLatencies.decode(ConnectLatencies.encode(ConnectLatencies.newHistogram()));

        assertEquals(0, empty.getTotalCount());
        assertEquals(new LatencySummary(0, 0, 0, 0, 0), LatencySummary.of(empty));
    }

    @Test
    void garbageIsRefusedWithAReason() {
        assertThrows(IllegalArgumentException.class, () -> ConnectLatencies.decode("bm90IGEgaGlzdG9ncmFt"));
        assertThrows(IllegalArgumentException.class, () -> ConnectLatencies.decode("%%%"));
    }
}
