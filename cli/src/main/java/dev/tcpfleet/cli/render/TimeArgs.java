package dev.tcpfleet.cli.render;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Times as operators type them: {@code 90s}, {@code 15m}, {@code 1h}, {@code 7d}, or an ISO-8601 instant. */
public final class TimeArgs {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})([smhd])");
    private static final Pattern BARE_NUMBER = Pattern.compile("\\d{1,9}");

    private TimeArgs() {
    }

    /** A duration: a number and its unit, s, m, h or d; a bare number is refused, as 6 could mean 6s or 6h. */
    public static Duration duration(String text) {
        String typed = text.strip();
        if (BARE_NUMBER.matcher(typed).matches()) {
            throw new IllegalArgumentException("'" + typed + "' needs a unit: " + typed + "s, " + typed + "m, "
                    + typed + "h or " + typed + "d");
        }
        Matcher matcher = DURATION.matcher(typed);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 90s, 15m, 1h or 7d");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofSeconds(amount); // "s"
        };
    }

    /** An ISO-8601 instant as is, or a duration meaning that long before {@code now}. */
    public static Instant instant(String text, Instant now) {
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException notAnInstant) {
            if (BARE_NUMBER.matcher(text.strip()).matches()) {
                return now.minus(duration(text)); // its own message: the unit is missing
            }
            try {
                return now.minus(duration(text));
            } catch (IllegalArgumentException notADuration) {
                throw new IllegalArgumentException("'" + text + "' is neither an instant such as"
                        + " 2025-01-31T12:00:00Z nor a time ago such as 1h");
            }
        }
    }

    /** How long ago, roughly, as {@code 42s}, {@code 5m}, {@code 3h} or {@code 2d}. */
    public static String ago(Instant then, Instant now) {
        long seconds = Math.max(0, Duration.between(then, now).toSeconds());
        if (seconds < 120) {
            return seconds + "s ago";
        }
        if (seconds < 120 * 60) {
            return seconds / 60 + "m ago";
        }
        if (seconds < 48 * 3600) {
            return seconds / 3600 + "h ago";
        }
        return seconds / 86400 + "d ago";
    }

    /** A span in its largest whole unit, as typed: {@code 30m} for 1800 s, {@code 90s}, {@code 2h}, {@code 7d}. */
    public static String span(long seconds) {
        if (seconds != 0 && seconds % 86400 == 0) {
            return seconds / 86400 + "d";
        }
        if (seconds != 0 && seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds != 0 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
