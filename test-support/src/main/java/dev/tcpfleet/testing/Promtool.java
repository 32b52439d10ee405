package dev.tcpfleet.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code promtool check metrics} (prometheus 2.42), the linter a Prometheus operator runs on a scrape: what
 * it says of a scrape is what the tests hold /q/metrics to.
 */
public final class Promtool {
    public static final Path BINARY = Path.of("/usr/bin/promtool");

    private Promtool() {
    }

    /** Debian's promtool, or a failure saying how to install it (.ci/run does). */
    public static Path installed() {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError(BINARY + " is missing: install Debian's prometheus package"
                    + " (apt-get install prometheus; .ci/run does), which brings promtool");
        }
        return BINARY;
    }

    /** Each problem {@code promtool check metrics} finds in {@code scrape}, one a line; empty when it finds none. */
    public static List<String> checkMetrics(String scrape) {
        installed();
        try {
            Process process = new ProcessBuilder(BINARY.toString(), "check", "metrics").redirectErrorStream(true)
                    .start();
            try (var stdin = process.getOutputStream()) {
                stdin.write(scrape.getBytes(StandardCharsets.UTF_8));
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("promtool check metrics did not finish within 30 s");
            }
            return Arrays.stream(output.split("\n")).filter(line -> !line.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while promtool ran", e);
        }
    }

    /** The problems promtool finds in tcpfleet's own families ({@code tcpfleet_*}). */
    public static List<String> tcpfleetProblems(String scrape) {
        return checkMetrics(scrape).stream().filter(line -> line.startsWith("tcpfleet_")).toList();
    }
}
