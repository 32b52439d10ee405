package dev.tcpfleet.agent.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A flood of refusals costs a counter each and a log line a minute, not a line each. */
class CommandRefusalsTest {
    private Instant now = Instant.parse("2026-12-07T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CommandRefusals refusals = new CommandRefusals(registry, clock);

    private double counted(String reason) {
        return registry.get(CommandRefusals.METRIC).tag("reason", reason).counter().count();
    }

    @Test
    void everyRefusalIsCountedByReasonAndTheLogSumsThemUpOnceAMinute() {
        List<String> lines = new ArrayList<>();
        refusals.refused("bad_signature", "bad signature: first").ifPresent(lines::add);
        for (int i = 0; i < 9_999; i++) {
            refusals.refused(i % 3 == 0 ? "unreadable" : "bad_signature", "detail").ifPresent(lines::add);
        }
        refusals.summaryIfDue().ifPresent(lines::add);

        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("bad signature: first"), lines.get(0));
        assertEquals(3_333, counted("unreadable"));
        assertEquals(6_667, counted("bad_signature"));

        now = now.plus(CommandRefusals.SUMMARY_EVERY);
        Optional<String> summary = refusals.summaryIfDue();
        assertEquals(Optional.of("refused 9999 more command messages since 2026-12-07T10:00:00Z (bad_signature"
                + " 6666, unreadable 3333)"), summary);
        assertEquals(Optional.empty(), refusals.summaryIfDue(), "nothing new, nothing said");

        now = now.plus(Duration.ofHours(1));
        assertTrue(refusals.refused("expired", "expired at x").orElseThrow().contains("expired at x"),
                "after a quiet spell the next refusal is told in full");
    }
}
