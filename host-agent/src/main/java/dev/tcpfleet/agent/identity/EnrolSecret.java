package dev.tcpfleet.agent.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The fleet's enrol secret, if this host was given it: from {@code tcpfleet.agent.enrol-secret} (its environment,
 * {@code TCPFLEET_AGENT_ENROL_SECRET}) or a 0600 file named by {@code tcpfleet.agent.enrol-secret-file}, never from a
 * command line, which every local user can read.
 */
public final class EnrolSecret {
    private EnrolSecret() {
    }

    public static Optional<String> read(Optional<String> secret, Optional<Path> file) {
        if (secret.isPresent() && file.isPresent()) {
            throw new IllegalStateException("set tcpfleet.agent.enrol-secret or tcpfleet.agent.enrol-secret-file,"
                    + " not both");
        }
        if (file.isEmpty()) {
            return secret.map(String::strip).filter(value -> !value.isEmpty());
        }
        Path path = file.get();
        try {
            HostKeyFile.requireOwnerOnly(path, "the enrol secret file", "");
            String value = Files.readString(path, StandardCharsets.UTF_8).strip();
            if (value.isEmpty()) {
                throw new IllegalStateException("the enrol secret file " + path + " is empty");
            }
            return Optional.of(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the enrol secret file " + path
                    + " (tcpfleet.agent.enrol-secret-file)", e);
        }
    }
}
