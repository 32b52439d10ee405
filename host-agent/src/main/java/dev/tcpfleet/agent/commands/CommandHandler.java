package dev.tcpfleet.agent.commands;

import dev.tcpfleet.agent.tuning.TuningEngine;
import dev.tcpfleet.protocol.MalformedMessageException;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.TuningOutcome;
import dev.tcpfleet.protocol.TuningResult;
import dev.tcpfleet.protocol.commands.CommandSignatures;
import dev.tcpfleet.protocol.commands.CommandSignatures.ExpiredCommandException;
import dev.tcpfleet.protocol.commands.CommandSignatures.RejectedCommandException;
import dev.tcpfleet.protocol.commands.FleetCommand;
import dev.tcpfleet.protocol.commands.SignedCommand;
import dev.tcpfleet.protocol.commands.StressCommand;
import dev.tcpfleet.protocol.commands.TuningCommand;
import java.io.IOException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Turns one message of the commands topic into a result: verify the signature, then let the tuning engine act, or
 * hand a stress command to the runner, which answers on its own topic when the test ends.
 */
public final class CommandHandler {
    private final String hostId;
    private final PublicKey controlPlaneKey;
    private final TuningEngine engine;
    private final StressCommandRunner stress;
    private final Clock clock;

    public CommandHandler(String hostId, PublicKey controlPlaneKey, TuningEngine engine, StressCommandRunner stress,
                          Clock clock) {
        this.hostId = hostId;
        this.controlPlaneKey = controlPlaneKey;
        this.engine = engine;
        this.stress = stress;
        this.clock = clock;
    }

    /**
     * The tuning result to send; empty when a stress command was handed to the runner.
     *
     * @throws MalformedMessageException when the message is not a signed command of a version this agent reads: it
     *         answers nothing (its id, if any, cannot be known), so it goes to the dead letters instead
     */
    public Optional<TuningResult> handle(byte[] message) {
        FleetCommand verified;
        try {
            verified = CommandSignatures.verify(read(message), controlPlaneKey, hostId, clock.instant());
        } catch (ExpiredCommandException e) {
            // redelivered after an outage longer than its lifetime: if it was carried out before, that is the answer
            return Optional.of(e.command() instanceof TuningCommand command
                    ? engine.recorded(command.commandId()).orElseGet(() -> rejected(e.getMessage()))
                    : rejected(e.getMessage()));
        } catch (RejectedCommandException e) {
            return Optional.of(rejected(e.getMessage()));
        }
        if (verified instanceof StressCommand command) {
            stress.accept(command);
            return Optional.empty();
        }
        return Optional.of(tune((TuningCommand) verified));
    }

    private static SignedCommand read(byte[] message) {
        if (message == null || message.length == 0) {
            throw new MalformedMessageException("empty command");
        }
        try {
            return ProtocolJson.mapper().readValue(message, SignedCommand.class);
        } catch (IOException e) {
            throw new MalformedMessageException("unreadable command: " + e.getMessage(), e);
        }
    }

    private TuningResult tune(TuningCommand command) {
        try {
            return switch (command.action()) {
                case APPLY -> engine.apply(command.commandId(), command.profile() + " v" + command.profileVersion(),
                        command.settings(), command.dryRun(), Duration.ofSeconds(command.confirmWithinSeconds()));
                case ROLLBACK -> engine.rollback(command.commandId(), command.target());
                case CONFIRM -> engine.confirm(command.commandId(), command.target());
            };
        } catch (RuntimeException e) {
            // e.g. an unwritable journal: say so, and keep taking commands
            return new TuningResult(command.commandId(), hostId, TuningOutcome.FAILED, List.of(), null,
                    List.of("the agent could not carry it out: " + e.getMessage()), List.of(), clock.instant(), null);
        }
    }

    /** Undoes commands a crash interrupted; their results are to be sent like any other. */
    public List<TuningResult> recover() {
        return engine.recover();
    }

    /** A refused command's id cannot be trusted, so the result carries none. */
    private TuningResult rejected(String reason) {
        return new TuningResult(null, hostId, TuningOutcome.REJECTED, List.of(), null, List.of(reason), List.of(),
                clock.instant(), null);
    }
}
