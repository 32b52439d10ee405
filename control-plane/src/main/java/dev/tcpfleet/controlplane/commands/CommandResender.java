package dev.tcpfleet.controlplane.commands;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Sends again the commands a down broker or a stopped control plane left unsent, so a stored command reaches its
 * hosts while it is valid instead of waiting to be issued again.
 */
@ApplicationScoped
public class CommandResender {
    private static final Logger LOG = Logger.getLogger(CommandResender.class);

    private final CommandService commands;

    CommandResender(CommandService commands) {
        this.commands = commands;
    }

    @Scheduled(every = "${tcpfleet.commands.resend-interval}", delayed = "${tcpfleet.commands.resend-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void resend() {
        try {
            commands.resendUnsent();
        } catch (RuntimeException e) {
            LOG.warnf("cannot send the unsent commands yet: %s", e.getMessage());
        }
    }
}
