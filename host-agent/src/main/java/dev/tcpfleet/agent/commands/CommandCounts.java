package dev.tcpfleet.agent.commands;

import dev.tcpfleet.protocol.commands.CommandSignatures.ExpiredCommandException;
import dev.tcpfleet.protocol.commands.FleetCommand;
import dev.tcpfleet.protocol.commands.TuningCommand;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/**
 * Counts the commands this agent answered, by kind (apply, rollback, confirm, stress; unknown for a genuine command
 * refused before its kind could be trusted) and outcome. Forged and unreadable messages are not commands: they are
 * {@code tcpfleet.agent.commands.refused}.
 */
final class CommandCounts {
    static final String STRESS = "stress";
    static final String UNKNOWN = "unknown";

    private final MeterRegistry registry;

    CommandCounts(MeterRegistry registry) {
        this.registry = registry;
    }

    void answered(String kind, String outcome) {
        Counter.builder("tcpfleet.agent.commands")
                .description("commands answered by kind (apply, rollback, confirm, stress) and outcome")
                .tag("kind", kind).tag("outcome", outcome.toLowerCase(Locale.ROOT)).register(registry).increment();
    }

    /** The kind of the command {@code checked} carries, when it can be known. */
    static String kind(CommandHandler.Checked checked) {
        if (checked instanceof CommandHandler.Verified verified) {
            return kind(verified.command());
        }
        if (checked instanceof CommandHandler.Refused refused
                && refused.refusal() instanceof ExpiredCommandException expired) {
            return kind(expired.command());
        }
        return UNKNOWN;
    }

    static String kind(FleetCommand command) {
        return command instanceof TuningCommand tuning ? tuning.action().name().toLowerCase(Locale.ROOT) : STRESS;
    }
}
