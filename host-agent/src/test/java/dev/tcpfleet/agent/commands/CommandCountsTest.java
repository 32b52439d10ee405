package dev.tcpfleet.agent.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcpfleet.protocol.commands.CommandSignatures.ExpiredCommandException;
import dev.tcpfleet.protocol.commands.CommandSignatures.Refusal;
import dev.tcpfleet.protocol.commands.CommandSignatures.RejectedCommandException;
import dev.tcpfleet.protocol.commands.TuningCommand;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandCountsTest {
    private static TuningCommand command(TuningCommand.Action action) {
        Instant now = Instant.now();
        return new TuningCommand(TuningCommand.SCHEMA_VERSION, "cmd-1", "host-1", action, "p", 1, Map.of(), false, 0,
                null, now, now.plusSeconds(60));
    }

    @Test
    void aVerifiedCommandCountsUnderItsAction() {
        assertEquals("rollback", CommandCounts.kind(new CommandHandler.Verified(command(TuningCommand.Action.ROLLBACK))));
    }

    @Test
    void anExpiredCommandIsGenuineSoItsKindIsKnown() {
        assertEquals("apply", CommandCounts.kind(new CommandHandler.Refused(
                new ExpiredCommandException(command(TuningCommand.Action.APPLY)))));
    }

    @Test
    void anotherRefusalLeavesTheKindUnknown() {
        assertEquals(CommandCounts.UNKNOWN, CommandCounts.kind(new CommandHandler.Refused(
                new RejectedCommandException(Refusal.WRONG_HOST, "addressed to another host"))));
    }
}
