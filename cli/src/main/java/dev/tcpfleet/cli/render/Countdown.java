package dev.tcpfleet.cli.render;

import java.time.Duration;
import java.time.Instant;

/** Time left until a deadline, as an operator reads it at a glance: {@code in 4m12s}, {@code 4m12s left}. */
public final class Countdown {
    private Countdown() {
    }

    /** {@code in 42s}, {@code in 4m12s}, {@code in 2h05m}; {@code passed} once the deadline is not in the future. */
    public static String until(Instant deadline, Instant now) {
        long seconds = Duration.between(now, deadline).toSeconds();
        return seconds <= 0 ? "passed" : "in " + span(seconds);
    }

    /** {@code 3m12s left}, for a wait that ends by itself (a bake); {@code over} once it has. */
    public static String left(Instant deadline, Instant now) {
        long seconds = Duration.between(now, deadline).toSeconds();
        return seconds <= 0 ? "over" : span(seconds) + " left";
    }

    private static String span(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return "%dm%02ds".formatted(seconds / 60, seconds % 60);
        }
        return "%dh%02dm".formatted(seconds / 3600, seconds % 3600 / 60);
    }
}
