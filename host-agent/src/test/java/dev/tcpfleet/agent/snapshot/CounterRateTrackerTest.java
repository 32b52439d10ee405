package dev.tcpfleet.agent.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.protocol.TcpCounters;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CounterRateTrackerTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private final CounterRateTracker rates = new CounterRateTracker(Set.of("CurrEstab"));

    @Test
    void theFirstCallHasTotalsButNoRates() {
        TcpCounters first = rates.next(Map.of("InSegs", 100L), T0);

        assertEquals(Map.of("InSegs", 100L), first.totals());
        assertTrue(first.perSecond().isEmpty());
        assertNull(first.intervalSeconds());
        assertTrue(first.reset().isEmpty());
    }

    @Test
    void ratesCoverTheTimeSinceThePreviousCall() {
        rates.next(Map.of("InSegs", 100L, "RetransSegs", 4L), T0);

        TcpCounters second = rates.next(Map.of("InSegs", 350L, "RetransSegs", 4L), T0.plusMillis(2_500));

        assertEquals(2.5, second.intervalSeconds());
        assertEquals(100.0, second.rate("InSegs"));
        assertEquals(0.0, second.rate("RetransSegs"));
    }

    @Test
    void aCounterThatWentBackwardsIsResetWithoutARate() {
        rates.next(Map.of("InSegs", 1_000L, "OutSegs", 10L), T0);

        TcpCounters afterNamespaceRecreated = rates.next(Map.of("InSegs", 20L, "OutSegs", 30L), T0.plusSeconds(10));

        assertEquals(List.of("InSegs"), afterNamespaceRecreated.reset());
        assertNull(afterNamespaceRecreated.rate("InSegs"));
        assertEquals(2.0, afterNamespaceRecreated.rate("OutSegs"));
        TcpCounters next = rates.next(Map.of("InSegs", 40L, "OutSegs", 30L), T0.plusSeconds(20));
        assertEquals(2.0, next.rate("InSegs"));
        assertTrue(next.reset().isEmpty());
    }

    @Test
    void aGaugeHasNoRateAndGoingDownIsNoReset() {
        rates.next(Map.of("CurrEstab", 50L), T0);

        TcpCounters second = rates.next(Map.of("CurrEstab", 10L), T0.plusSeconds(1));

        assertTrue(second.perSecond().isEmpty());
        assertTrue(second.reset().isEmpty());
        assertEquals(10L, second.total("CurrEstab"));
    }

    @Test
    void aCounterNewSinceThePreviousCallHasNoRateYet() {
        rates.next(Map.of("InSegs", 1L), T0);

        TcpCounters second = rates.next(Map.of("InSegs", 2L, "TCPRcvQDrop", 5L), T0.plusSeconds(1));

        assertEquals(Map.of("InSegs", 1.0), second.perSecond());
    }

    @Test
    void noTimeOrTimeBackwardsYieldsNoRates() {
        rates.next(Map.of("InSegs", 1L), T0);

        TcpCounters sameInstant = rates.next(Map.of("InSegs", 5L), T0);
        TcpCounters clockSteppedBack = rates.next(Map.of("InSegs", 9L), T0.minusSeconds(3));

        assertTrue(sameInstant.perSecond().isEmpty());
        assertNull(sameInstant.intervalSeconds());
        assertTrue(clockSteppedBack.perSecond().isEmpty());
        assertNull(clockSteppedBack.intervalSeconds());
        assertEquals(4.0, rates.next(Map.of("InSegs", 13L), T0.minusSeconds(2)).rate("InSegs"));
    }
}
