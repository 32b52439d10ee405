package dev.tcpfleet.agent.identity;

import io.quarkus.runtime.configuration.ConfigurationException;
import java.io.UncheckedIOException;

/**
 * What stops the agent at start when its identity cannot be read or kept (a damaged or open key file, an unwritable
 * state dir, a bad host id): Quarkus prints a {@link ConfigurationException} with no cause as its message alone, so
 * the operator reads the reason and the remedy, not a stack trace.
 */
public final class StartupError {
    private StartupError() {
    }

    public static ConfigurationException of(RuntimeException e) {
        String message = e.getMessage();
        if (e instanceof UncheckedIOException io) {
            message += ": " + io.getCause(); // the file system's own words, e.g. AccessDeniedException: /var/lib/...
        }
        return new ConfigurationException("host-agent cannot start: " + message);
    }
}
