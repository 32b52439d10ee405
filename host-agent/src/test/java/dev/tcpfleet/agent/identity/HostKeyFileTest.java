package dev.tcpfleet.agent.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.protocol.identity.HostKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostKeyFileTest {

    @Test
    void theKeyIsMadeOnceOwnerOnlyAndKeptAcrossRestarts(@TempDir Path stateDir) throws IOException {
        Path state = stateDir.resolve("agent");
        HostKeys.Pair first = HostKeyFile.loadOrCreate(state);
        HostKeys.Pair again = HostKeyFile.loadOrCreate(state);

        assertArrayEquals(first.privateKey(), again.privateKey());
        assertArrayEquals(first.publicKey(), again.publicKey());
        assertArrayEquals(first.publicKey(), HostKeyFile.load(state).publicKey());
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(state.resolve(HostKeyFile.NAME))));
        try (var files = Files.list(state)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
        assertFalse(Arrays.equals(first.publicKey(), HostKeyFile.loadOrCreate(stateDir.resolve("other")).publicKey()));
    }

    @Test
    void theKeyIsOwnerOnlyFromTheStartWhateverTheUmaskAllows(@TempDir Path stateDir) throws IOException {
        // a world-readable folder: the file must not inherit anything from it
        Files.setPosixFilePermissions(stateDir, PosixFilePermissions.fromString("rwxrwxrwx"));
        HostKeyFile.loadOrCreate(stateDir);

        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(stateDir.resolve(HostKeyFile.NAME))));
    }

    @Test
    void aDamagedKeyIsAClearErrorNotANewKey(@TempDir Path stateDir) throws IOException {
        for (String damaged : new String[] {"", "not base64!", "AAAA", "x".repeat(200)}) {
            Path file = stateDir.resolve(HostKeyFile.NAME);
            Files.writeString(file, damaged);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> HostKeyFile.loadOrCreate(stateDir));
            assertTrue(e.getMessage().contains("is damaged") && e.getMessage().contains("delete it"), e.getMessage());
            assertEquals(damaged, Files.readString(file), "the damaged file is left for the operator to look at");
        }
    }

    @Test
    void aKeyOthersCanReadIsRefused(@TempDir Path stateDir) throws IOException {
        HostKeyFile.loadOrCreate(stateDir);
        Files.setPosixFilePermissions(stateDir.resolve(HostKeyFile.NAME), PosixFilePermissions.fromString("rw-r--r--"));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> HostKeyFile.loadOrCreate(stateDir));
        assertTrue(e.getMessage().contains("rw-r--r--") && e.getMessage().contains("chmod 600"), e.getMessage());
    }

    @Test
    void readingWithoutMakingSaysWhenThereIsNoKeyYet(@TempDir Path stateDir) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> HostKeyFile.load(stateDir));
        assertTrue(e.getMessage().contains("first start"), e.getMessage());
        assertFalse(Files.exists(stateDir.resolve(HostKeyFile.NAME)));
    }

    @Test
    void theEnrolSecretComesFromTheSettingOrAnOwnerOnlyFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("enrol-secret");
        Files.writeString(file, "from-the-file\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        assertEquals(Optional.of("from-the-setting"), EnrolSecret.read(Optional.of("from-the-setting"),
                Optional.empty()));
        assertEquals(Optional.of("from-the-file"), EnrolSecret.read(Optional.empty(), Optional.of(file)));
        assertEquals(Optional.empty(), EnrolSecret.read(Optional.empty(), Optional.empty()));
        assertThrows(IllegalStateException.class, () -> EnrolSecret.read(Optional.of("both"), Optional.of(file)));

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        IllegalStateException open = assertThrows(IllegalStateException.class,
                () -> EnrolSecret.read(Optional.empty(), Optional.of(file)));
        assertTrue(open.getMessage().contains("chmod 600"), open.getMessage());
        assertThrows(java.io.UncheckedIOException.class, () -> EnrolSecret.read(Optional.empty(),
                Optional.of(dir.resolve("missing"))));
    }
}
