package dev.tcpfleet.agent.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.runtime.configuration.ConfigurationException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import org.junit.jupiter.api.Test;

class StartupErrorTest {

    @Test
    void carriesTheReasonAndTheFileSystemsWordsWithNoCauseSoQuarkusPrintsNoStackTrace() {
        ConfigurationException e = StartupError.of(new UncheckedIOException("cannot keep the host key in /var/lib/x",
                new AccessDeniedException("/var/lib/x/host-key")));

        assertNull(e.getCause(), "Quarkus prints a ConfigurationException's message alone only when it is the root");
        assertEquals("host-agent cannot start: cannot keep the host key in /var/lib/x:"
                + " java.nio.file.AccessDeniedException: /var/lib/x/host-key", e.getMessage());
        assertEquals("host-agent cannot start: the host key /k is damaged",
                StartupError.of(new IllegalStateException("the host key /k is damaged")).getMessage());
    }
}
