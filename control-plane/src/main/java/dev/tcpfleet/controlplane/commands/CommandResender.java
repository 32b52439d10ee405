package dev.tcpfleet.controlplane.commands;

import dev.tcpfleet.controlplane.leases.Lease;
import dev.tcpfleet.controlplane.leases.Leases;
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

    private final CommandSender sender;
    private final Leases leases;

    CommandResender(CommandSender sender, Leases leases) {
        this.sender = sender;
        this.leases = leases;
    }

    @Scheduled(every = "${tcpfleet.commands.resend-interval}", delayed = "${tcpfleet.commands.resend-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void resend() {
        if (!leases.hold(Lease.COMMAND_RESEND)) {
            return;
        }
        try {
            sender.resendUnsent();
        } catch (RuntimeException e) {
            LOG.warnf("cannot send the unsent commands yet: %s", e.getMessage());
        }
    }
}
