package dev.tcpfleet.agent.procfs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The /proc tree the agent reads, rooted where configured so that tests can point it at a copy.
 * A file that is not there is a missing figure, reported as empty, never an error.
 */
public final class ProcFs {
    private static final int SMALL_FILE_LIMIT = 64 * 1024;

    private final Path root;

    public ProcFs(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** Opens {@code relative} (e.g. "net/tcp6"), or empty when this kernel or namespace has no such file. */
    public Optional<InputStream> open(String relative) throws IOException {
        try {
            return Optional.of(Files.newInputStream(root.resolve(relative)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * A small file's content without surrounding whitespace, or empty when absent.
     *
     * <p>Read with one large first read: numeric /proc/sys handlers answer a read at a non-zero offset with
     * end-of-file, so reading in small steps (as {@code Files.readString} does for a size-0 file) gets
     * "3" out of "32768 60999".
     */
    public Optional<String> readSmall(String relative) throws IOException {
        try (InputStream in = Files.newInputStream(root.resolve(relative))) {
            byte[] buffer = new byte[SMALL_FILE_LIMIT];
            int length = 0;
            int read;
            while (length < buffer.length && (read = in.read(buffer, length, buffer.length - length)) > 0) {
                length += read;
            }
            return Optional.of(new String(buffer, 0, length, StandardCharsets.UTF_8).strip());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }
}
