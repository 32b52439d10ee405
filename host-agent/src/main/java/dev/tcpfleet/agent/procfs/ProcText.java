package dev.tcpfleet.agent.procfs;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** What the small-file readers share: reading one file as a figure's source, and the kernel's number format. */
final class ProcText {
    private static final String[] NO_FIELDS = {};

    private ProcText() {
    }

    /**
     * The content of {@code relative}, or empty with {@code figure} reported as unavailable: /proc files vanish
     * with modules and namespaces and some are unreadable to the agent, so neither is an error.
     */
    static Optional<String> read(ProcFs procFs, String relative, String figure, Map<String, String> unavailable) {
        return read(procFs, relative, figure, absent(relative), unavailable);
    }

    /** As {@link #read(ProcFs, String, String, Map)}, with the reason to give when the file is absent. */
    static Optional<String> read(ProcFs procFs, String relative, String figure, String absentReason,
                                 Map<String, String> unavailable) {
        try {
            Optional<String> content = procFs.readSmall(relative);
            if (content.isEmpty()) {
                unavailable.put(figure, absentReason);
            }
            return content;
        } catch (IOException e) {
            unavailable.put(figure, relative + ": unreadable (" + e.getClass().getSimpleName() + ")");
            return Optional.empty();
        }
    }

    /**
     * {@code relative} parsed, or null with {@code figure} reported as unavailable: absent, unreadable, or
     * {@code parse} returned null, then as {@code malformed} (e.g. "not a number").
     */
    static <T> T readFigure(ProcFs procFs, String relative, String figure, Function<String, T> parse,
                            String malformed, Map<String, String> unavailable) {
        return readFigure(procFs, relative, figure, parse, malformed, absent(relative), unavailable);
    }

    /** As {@link #readFigure(ProcFs, String, String, Function, String, Map)}, saying {@code absentReason} if absent. */
    static <T> T readFigure(ProcFs procFs, String relative, String figure, Function<String, T> parse,
                            String malformed, String absentReason, Map<String, String> unavailable) {
        Optional<String> content = read(procFs, relative, figure, absentReason, unavailable);
        T parsed = content.map(parse).orElse(null);
        if (content.isPresent() && parsed == null) {
            unavailable.put(figure, relative + ": " + malformed);
        }
        return parsed;
    }

    /** The reason given for a file this kernel or namespace does not have. */
    static String absent(String relative) {
        return relative + ": absent";
    }

    /** A decimal number as the kernel prints it, or null when {@code token} is none (truncated, garbage). */
    static Long parseLong(String token) {
        try {
            return Long.parseLong(token);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Whitespace-separated fields; the kernel separates with spaces in some files and tabs in others. */
    static String[] fields(String line) {
        String stripped = line.strip();
        return stripped.isEmpty() ? NO_FIELDS : stripped.split("\\s+");
    }

    /** The first {@code count} fields as numbers, or null when there are fewer or one is not a number. */
    static long[] leadingNumbers(String content, int count) {
        String[] fields = fields(content);
        if (fields.length < count) {
            return null;
        }
        long[] numbers = new long[count];
        for (int i = 0; i < count; i++) {
            Long number = parseLong(fields[i]);
            if (number == null) {
                return null;
            }
            numbers[i] = number;
        }
        return numbers;
    }
}
