package dev.tcpfleet.cli.render;

import java.time.Duration;
import java.time.Instant;

/** Time left until a deadline, as an operator reads it at a glance: {@code in 4m12s}, or {@code passed}. */
public final class Countdown {
    private Countdown() {
    }

    /** {@code in 42s}, {@code in 4m12s}, {@code in 2h05m}; {@code passed} once the deadline is not in the future. */
    public static String until(Instant deadline, Instant now) {
        long seconds = Duration.between(now, deadline).toSeconds();
        if (seconds <= 0) {
            return "passed";
        }
        if (seconds < 60) {
            return "in " + seconds + "s";
        }
        if (seconds < 3600) {
            return "in %dm%02ds".formatted(seconds / 60, seconds % 60);
        }
        return "in %dh%02dm".formatted(seconds / 3600, seconds % 3600 / 60);
    }
}
