package dev.tcpfleet.agent.identity;

import dev.tcpfleet.protocol.HostIdentity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.UUID;

/**
 * Decides this host's id: the configured one, else the one this agent generated on its first start and
 * kept in its state folder. Not /etc/machine-id: containers and network namespaces share it, and a
 * cloned image would too.
 */
public final class HostIdentityResolver {
    /** Host ids become Kafka keys, URL path segments and label values: keep them plain. */

    private HostIdentityResolver() {
    }

    public static String hostId(Optional<String> configured, Path stateDir) {
        Optional<String> existing = existingHostId(configured, stateDir);
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            Path file = stateDir.resolve("host-id");
            Files.createDirectories(stateDir);
            String generated = UUID.randomUUID().toString();
            Path temp = Files.createTempFile(stateDir, "host-id", ".tmp");
            Files.writeString(temp, generated + "\n", StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            return generated;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the host id in " + stateDir
                    + " (set tcpfleet.agent.state-dir to a writable folder, or tcpfleet.agent.host-id)", e);
        }
    }

    /** The id {@link #hostId} decides, without generating one: empty before the agent's first start. */
    public static Optional<String> existingHostId(Optional<String> configured, Path stateDir) {
        if (configured.isPresent()) {
            return Optional.of(requireValid(configured.get().strip(), "tcpfleet.agent.host-id"));
        }
        Path file = stateDir.resolve("host-id");
        try {
            if (Files.exists(file)) {
                return Optional.of(requireValid(Files.readString(file, StandardCharsets.UTF_8).strip(),
                        file.toString()));
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the host id in " + stateDir, e);
        }
    }

    private static String requireValid(String id, String source) {
        if (!HostIdentity.isValidId(id)) {
            throw new IllegalArgumentException("host id '" + id + "' from " + source
                    + " must match " + HostIdentity.ID_PATTERN.pattern());
        }
        return id;
    }
}
