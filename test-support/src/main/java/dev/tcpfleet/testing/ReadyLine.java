package dev.tcpfleet.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The line a helper process prints on stdout once it is ready, e.g. {@code KAFKA READY host:port}. */
public final class ReadyLine {
    private ReadyLine() {
    }

    /** Blocks until {@code process} prints a line starting with {@code prefix}; fails if it exits first. */
    public static String await(Process process, String prefix) {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        try {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("exited before printing '" + prefix + "'"
                + (process.isAlive() ? "" : " with " + process.exitValue()));
    }
}
