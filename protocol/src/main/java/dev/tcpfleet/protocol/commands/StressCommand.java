package dev.tcpfleet.protocol.commands;

import dev.tcpfleet.protocol.stress.StressRequest;
import java.time.Instant;
import java.util.Objects;

/**
 * A campaign's order to one host: run its test, or stop it early. Travels only inside a {@link SignedCommand}.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param commandId     unique per host and order
 * @param hostId        the one host it is for
 * @param campaignId    the campaign; a STOP stops this campaign's test only
 * @param action        run the test or stop it
 * @param request       for RUN: the test, its {@code testId} the campaign id; null for STOP
 * @param issuedAt      when the control plane signed it
 * @param expiresAt     after this a host refuses it, so a held-back test never starts late
 */
public record StressCommand(
        int schemaVersion,
        String commandId,
        String hostId,
        String campaignId,
        Action action,
        StressRequest request,
        Instant issuedAt,
        Instant expiresAt) implements FleetCommand {

    public static final int SCHEMA_VERSION = 1;

    public enum Action { RUN, STOP }

    public StressCommand {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(hostId, "hostId");
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (action == Action.RUN && (request == null || !campaignId.equals(request.testId()))) {
            throw new IllegalArgumentException("a RUN carries a request whose testId is the campaign id");
        }
    }
}
