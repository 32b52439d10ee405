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

    /** The kernel's hostname ({@code sys/kernel/hostname}), or empty when unreadable. */
    public Optional<String> kernelHostname() {
        try {
            return readSmall("sys/kernel/hostname").filter(name -> !name.isEmpty());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * A small file's content without its trailing newline, or empty when absent. Not {@code Files.readString}:
     * /proc files report size 0, so it reads one byte first, and a /proc/sys number read from an offset past 0
     * ends there ("4096" comes back as "4").
     */
    public Optional<String> readSmall(String relative) throws IOException {
        Optional<InputStream> in = open(relative);
        if (in.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream stream = in.get()) {
            return Optional.of(new String(stream.readAllBytes(), StandardCharsets.UTF_8).strip());
        }
    }
}
