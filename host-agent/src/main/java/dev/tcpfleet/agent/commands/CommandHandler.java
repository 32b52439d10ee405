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
import java.util.stream.IntStream;

/**
 * Turns one message of the commands topic into a result, in two steps: {@link #check} reads it and verifies its
 * signature (pure, so a batch is checked on every core: a flood of forged messages costs one signature check each and
 * nothing else), then {@link #act} lets the tuning engine act, or hands a stress command to the runner, which answers
 * on its own topic when the test ends.
 */
public final class CommandHandler {
    /** Below this, a batch is checked on the calling thread: a command or two is the usual batch. */
    private static final int PARALLEL_FROM = 16;

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

    /** What a message turned out to be. */
    public sealed interface Checked permits Verified, Refused, Untrusted, Malformed {
    }

    /** A genuine command for this host, in time, to carry out. */
    public record Verified(FleetCommand command) implements Checked {
    }

    /** A genuine command refused (misaddressed, a bad id, expired): answered, so the control plane sees why. */
    public record Refused(RejectedCommandException refusal) implements Checked {
    }

    /**
     * A message nobody can be shown to have signed (unreadable, unsigned, badly signed): anyone who can write the
     * topic could have sent it, so it is dropped unanswered and only counted.
     *
     * @param reason the metric tag: {@code unreadable}, {@code unsigned} or {@code bad_signature}
     */
    public record Untrusted(String reason, String detail) implements Checked {
    }

    /** Signed by the control plane, but no command this build reads (a newer version): a dead letter. */
    public record Malformed(String reason) implements Checked {
    }

    /** Checks each message, on every core when there are many; the answers are in the messages' order. */
    public List<Checked> checkAll(List<byte[]> messages) {
        IntStream indexes = IntStream.range(0, messages.size());
        return (messages.size() < PARALLEL_FROM ? indexes : indexes.parallel())
                .mapToObj(i -> check(messages.get(i))).toList();
    }

    public Checked check(byte[] message) {
        SignedCommand signed;
        try {
            signed = read(message);
        } catch (MalformedMessageException e) {
            return new Untrusted("unreadable", e.getMessage());
        }
        try {
            return new Verified(CommandSignatures.verify(signed, controlPlaneKey, hostId, clock.instant()));
        } catch (RejectedCommandException e) {
            return e.refusal().genuine() ? new Refused(e) : new Untrusted(e.refusal().tag(), e.getMessage());
        } catch (MalformedMessageException e) {
            return new Malformed(e.getMessage());
        }
    }

    /**
     * The tuning result to send; empty when a stress command was handed to the runner, or the message is untrusted
     * (dropped).
     *
     * @throws MalformedMessageException when a genuine message is no command of a version this agent reads: its id
     *         cannot be known, so it goes to the dead letters instead
     */
    public Optional<TuningResult> act(Checked checked) {
        if (checked instanceof Malformed malformed) {
            throw new MalformedMessageException(malformed.reason());
        }
        if (checked instanceof Untrusted) {
            return Optional.empty();
        }
        if (checked instanceof Refused refused) {
            return answer(refused.refusal());
        }
        FleetCommand verified = ((Verified) checked).command();
        if (verified instanceof StressCommand command) {
            stress.accept(command);
            return Optional.empty();
        }
        return Optional.of(tune((TuningCommand) verified));
    }

    /** {@link #check} then {@link #act}, for one message. */
    public Optional<TuningResult> handle(byte[] message) {
        return act(check(message));
    }

    private Optional<TuningResult> answer(RejectedCommandException refusal) {
        if (refusal instanceof ExpiredCommandException expired) {
            // redelivered after an outage longer than its lifetime: if it was carried out before, that is the answer
            if (expired.command() instanceof TuningCommand command) {
                return Optional.of(engine.recorded(command.commandId())
                        .orElseGet(() -> rejected(expired.getMessage())));
            }
            if (stress.answerFromJournal((StressCommand) expired.command())) {
                return Optional.empty();
            }
        }
        return Optional.of(rejected(refusal.getMessage()));
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
        stress.recover();
        return engine.recover();
    }

    /**
     * A genuine refusal's result carries no id: the command was not carried out, and an id outside the pattern (or
     * another host's) is none this host answers for.
     */
    private TuningResult rejected(String reason) {
        return new TuningResult(null, hostId, TuningOutcome.REJECTED, List.of(), null, List.of(reason), List.of(),
                clock.instant(), null);
    }
}
