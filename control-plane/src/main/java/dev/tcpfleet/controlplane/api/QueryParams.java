package dev.tcpfleet.controlplane.api;

import dev.tcpfleet.controlplane.errors.Refused;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Parses query parameters into values or a 400 that names the parameter. */
public final class QueryParams {
    private QueryParams() {
    }

    public static Instant instant(String name, String value, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw Refused.invalid(name, name + " must be an ISO-8601 instant such as 2026-11-25T10:00:00Z, got '"
                    + abbreviate(value) + "'");
        }
    }

    public static int intInRange(String name, String value, int fallback, int min, int max) {
        return (int) longInRange(name, value, fallback, min, max);
    }

    public static long longInRange(String name, String value, long fallback, long min, long max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw Refused.invalid(name, name + " must be a whole number, got '" + abbreviate(value) + "'");
        }
        if (parsed < min || parsed > max) {
            throw Refused.invalid(name, name + " must be between " + min + " and " + max + ", got " + parsed);
        }
        return parsed;
    }

    /** {@code true} or {@code false}; absent is false. */
    public static boolean bool(String name, String value) {
        if (value == null || value.isBlank() || value.strip().equals("false")) {
            return false;
        }
        if (value.strip().equals("true")) {
            return true;
        }
        throw Refused.invalid(name, name + " must be true or false, got '" + abbreviate(value) + "'");
    }

    /** Echoes caller input in a message without echoing a megabyte of it. */
    private static String abbreviate(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "...";
    }
}
