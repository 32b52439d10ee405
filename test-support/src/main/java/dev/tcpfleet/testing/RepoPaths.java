package dev.tcpfleet.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the build put the artifacts that tests launch as real processes. */
public final class RepoPaths {
    private RepoPaths() {
    }

    /** The repository root: set by the build ({@code tcpfleet-repo-root}), else found above the working folder. */
    public static Path root() {
        String configured = System.getProperty("tcpfleet-repo-root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("embedded-kafka"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the tcpfleet repository root above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** A file the build makes; fails with the command that makes it when it is missing. */
    public static Path built(String relative) {
        Path path = root().resolve(relative);
        if (!Files.exists(path)) {
            throw new IllegalStateException(path + " is missing: build it first with `mvn -DskipTests package`"
                    + " (the README's test command, `mvn verify`, does so)");
        }
        return path;
    }
}
