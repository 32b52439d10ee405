package dev.tcpfleet.agent.identity;

import dev.tcpfleet.protocol.identity.HostKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Set;

/**
 * This host's own X25519 key pair, kept in the state folder beside the host id as one line of base64: made at the
 * first start, read at every later one. The file is created 0600 and stays so: the private half never leaves this
 * host, and a key others can read is no proof of who sent a message, so a file open to the group or others is refused,
 * as ssh refuses such a key.
 */
public final class HostKeyFile {
    public static final String NAME = "host-key";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private HostKeyFile() {
    }

    /** The key pair kept in {@code stateDir}, made there first if there is none. */
    public static HostKeys.Pair loadOrCreate(Path stateDir) {
        Path file = stateDir.resolve(NAME);
        try {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return read(file);
            }
            Files.createDirectories(stateDir);
            HostKeys.Pair made = HostKeys.generate();
            if (create(file, made)) {
                return made;
            }
            return read(file); // another process made it meanwhile
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the host key in " + stateDir
                    + " (set tcpfleet.agent.state-dir to a folder this user can write)", e);
        }
    }

    /** The key pair kept in {@code stateDir}, without making one: what {@code host-agent identity} shows. */
    public static HostKeys.Pair load(Path stateDir) {
        Path file = stateDir.resolve(NAME);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalStateException("no host key in " + stateDir + " yet: the agent makes it at its first start");
        }
        try {
            return read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the host key " + file, e);
        }
    }

    private static HostKeys.Pair read(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalStateException("the host key " + file + " is not a regular file");
        }
        requireOwnerOnly(file, "the host key", ", or delete it to make a new key (the host must then be accepted again)");
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        try {
            return HostKeys.Pair.fromPrivate(Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the host key " + file + " is damaged (not a base64 X25519 private key):"
                    + " delete it to make a new key (the host must then be accepted again)");
        }
    }

    /** Refuses a secret file the group or others may read or write: {@code what} names it in the error. */
    static void requireOwnerOnly(Path file, String what, String remedy) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY.containsAll(permissions)) {
            throw new IllegalStateException(what + " " + file + " is open to others ("
                    + PosixFilePermissions.toString(permissions) + "): chmod 600 it" + remedy);
        }
    }

    /**
     * Writes the key under a temporary name created 0600, flushed, then linked to its final name: a link, unlike a
     * rename, fails if the name exists, so two agents starting at once cannot each believe its own key is the one kept.
     *
     * @return false if another process made the file first
     */
    private static boolean create(Path file, HostKeys.Pair keys) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), "." + NAME, ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                out.write(ByteBuffer.wrap((Base64.getEncoder().encodeToString(keys.privateKey()) + "\n")
                        .getBytes(StandardCharsets.US_ASCII)));
                out.force(true);
            }
            try {
                Files.createLink(file, temp);
            } catch (FileAlreadyExistsException e) {
                return false;
            }
            try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            }
            return true;
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
