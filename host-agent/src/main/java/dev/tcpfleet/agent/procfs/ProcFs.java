package dev.tcpfleet.agent.procfs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The /proc tree the agent reads, rooted where configured so that tests can point it at a copy.
 * A file that is not there is a missing figure, reported as empty, never an error.
 */
public final class ProcFs {
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

    /** A small file's content without its trailing newline, or empty when absent. */
    public Optional<String> readSmall(String relative) throws IOException {
        try {
            return Optional.of(Files.readString(root.resolve(relative)).strip());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }
}
