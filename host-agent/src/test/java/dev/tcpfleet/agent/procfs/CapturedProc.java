package dev.tcpfleet.agent.procfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The small /proc files of a real Linux 6.18 host (src/test/resources/procfs/linux-6.18), copied into a test's
 * own directory so that a test can remove or rewrite a file.
 */
public final class CapturedProc {
    private static final Path CAPTURED = capturedRoot();

    private CapturedProc() {
    }

    /** A copy of every captured file below {@code root}. */
    public static ProcFs copyTo(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(CAPTURED)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                Path copy = root.resolve(CAPTURED.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy);
            }
        }
        return new ProcFs(root);
    }

    /** A captured file's content, e.g. {@code content("net/snmp")}. */
    public static String content(String relative) {
        try {
            return Files.readString(CAPTURED.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces or creates {@code relative} below {@code root}. */
    public static void write(Path root, String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static Path capturedRoot() {
        try {
            return Path.of(CapturedProc.class.getResource("/procfs/linux-6.18/loadavg").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
