package dev.tcpfleet.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeArgsTest {
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    @Test
    void durationsTakeAUnit() {
        assertEquals(Duration.ofSeconds(90), TimeArgs.duration("90s"));
        assertEquals(Duration.ofMinutes(15), TimeArgs.duration("15m"));
        assertEquals(Duration.ofHours(1), TimeArgs.duration("1h"));
        assertEquals(Duration.ofDays(7), TimeArgs.duration("7d"));
        assertThrows(IllegalArgumentException.class, () -> TimeArgs.duration("1w"));
        assertThrows(IllegalArgumentException.class, () -> TimeArgs.duration("-5m"));
    }

    @Test
    void aBareNumberIsRefusedWithTheUnitsItCouldHaveMeant() {
        IllegalArgumentException bare = assertThrows(IllegalArgumentException.class, () -> TimeArgs.duration("6"));
        assertEquals("'6' needs a unit: 6s, 6m, 6h or 6d", bare.getMessage());
        IllegalArgumentException ago = assertThrows(IllegalArgumentException.class, () -> TimeArgs.instant("6", NOW));
        assertEquals("'6' needs a unit: 6s, 6m, 6h or 6d", ago.getMessage());
    }

    @Test
    void instantsAreIsoOrATimeAgo() {
        assertEquals(Instant.parse("2025-01-31T08:00:00Z"), TimeArgs.instant("2025-01-31T08:00:00Z", NOW));
        assertEquals(Instant.parse("2025-03-01T06:00:00Z"), TimeArgs.instant("6h", NOW));
        assertThrows(IllegalArgumentException.class, () -> TimeArgs.instant("yesterday", NOW));
    }

    @Test
    void agesAreRounded() {
        assertEquals("42s ago", TimeArgs.ago(NOW.minusSeconds(42), NOW));
        assertEquals("5m ago", TimeArgs.ago(NOW.minusSeconds(300), NOW));
        assertEquals("3h ago", TimeArgs.ago(NOW.minus(Duration.ofHours(3)), NOW));
        assertEquals("2d ago", TimeArgs.ago(NOW.minus(Duration.ofDays(2)), NOW));
        assertEquals("0s ago", TimeArgs.ago(NOW.plusSeconds(3), NOW));
    }

    @Test
    void aSpanIsWrittenInItsLargestWholeUnit() {
        assertEquals("30m", TimeArgs.span(1800));
        assertEquals("90s", TimeArgs.span(90));
        assertEquals("2h", TimeArgs.span(7200));
        assertEquals("7d", TimeArgs.span(7 * 86400));
        assertEquals("0s", TimeArgs.span(0));
    }
}
