package dev.tcpfleet.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CountdownTest {
    private static final Instant NOW = Instant.parse("2026-12-07T15:00:00Z");

    @Test
    void timeLeftIsShownInTheUnitsThatMatter() {
        assertEquals("in 42s", Countdown.until(NOW.plusSeconds(42), NOW));
        assertEquals("in 4m12s", Countdown.until(NOW.plusSeconds(4 * 60 + 12), NOW));
        assertEquals("in 5m00s", Countdown.until(NOW.plusSeconds(300), NOW));
        assertEquals("in 2h05m", Countdown.until(NOW.plusSeconds(2 * 3600 + 5 * 60 + 59), NOW));
    }

    @Test
    void aDeadlineNowOrBehindHasPassed() {
        assertEquals("passed", Countdown.until(NOW, NOW));
        assertEquals("passed", Countdown.until(NOW.minusSeconds(90), NOW));
    }

    @Test
    void aBakeCountsDownToOver() {
        assertEquals("3m12s left", Countdown.left(NOW.plusSeconds(3 * 60 + 12), NOW));
        assertEquals("9s left", Countdown.left(NOW.plusSeconds(9), NOW));
        assertEquals("over", Countdown.left(NOW, NOW));
    }
}
