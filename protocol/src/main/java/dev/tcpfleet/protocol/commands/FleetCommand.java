package dev.tcpfleet.protocol.commands;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/**
 * Anything the control plane signs for one host. The {@code kind} travels inside the signed payload, so nobody can
 * turn a signed tuning command into a stress test or back; a payload without one is a tuning command, as every
 * command was before stress tests.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind",
        defaultImpl = TuningCommand.class)
@JsonSubTypes({
        @JsonSubTypes.Type(value = TuningCommand.class, name = "tuning"),
        @JsonSubTypes.Type(value = StressCommand.class, name = "stress")})
public sealed interface FleetCommand permits TuningCommand, StressCommand {
    int schemaVersion();

    String commandId();

    String hostId();

    Instant expiresAt();
}
