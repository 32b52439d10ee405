package dev.tcpfleet.agent.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostIdentityResolverTest {

    @Test
    void generatesAnIdOnceAndKeepsItAcrossRestarts(@TempDir Path stateDir) {
        String first = HostIdentityResolver.hostId(Optional.empty(), stateDir.resolve("agent"));
        assertEquals(first, HostIdentityResolver.hostId(Optional.empty(), stateDir.resolve("agent")));
        assertTrue(Files.exists(stateDir.resolve("agent/host-id")));
        assertNotEquals(first, HostIdentityResolver.hostId(Optional.empty(), stateDir.resolve("other")));
    }

    @Test
    void aConfiguredIdWins(@TempDir Path stateDir) {
        assertEquals("web-17", HostIdentityResolver.hostId(Optional.of(" web-17 "), stateDir));
    }

    @Test
    void refusesIdsThatCannotBeKeysOrPathSegments(@TempDir Path stateDir) {
        for (String bad : new String[] {"", "../etc", "a/b", "white space", "x".repeat(200), "nul\u0000"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> HostIdentityResolver.hostId(Optional.of(bad), stateDir));
            assertTrue(e.getMessage().contains("tcpfleet.agent.host-id"), e.getMessage());
        }
    }
}
