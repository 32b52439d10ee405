package dev.tcpfleet.protocol.commands;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the control plane asks one host to do with its sysctls. Travels only inside a {@link SignedCommand}.
 *
 * @param schemaVersion  {@link #SCHEMA_VERSION}
 * @param commandId      unique; a host runs a command id once and answers a redelivery with the first result
 * @param hostId         the one host it is for
 * @param action         apply a profile or roll back an earlier apply
 * @param profile        for APPLY: the profile's name
 * @param profileVersion for APPLY: its version
 * @param settings       for APPLY: sysctl key → value
 * @param dryRun         for APPLY: report the diff, change nothing
 * @param confirmWithinSeconds for APPLY: 0, or the seconds within which a CONFIRM must arrive; without one the
 *                       host reverts the apply by itself, so a tuning that cuts it off heals itself
 * @param target         for ROLLBACK: the apply to undo, or null for the host's last one; for CONFIRM: the apply
 *                       to keep
 * @param issuedAt       when the control plane signed it
 * @param expiresAt      after this a host refuses it: a command held back and replayed later is void
 */
public record TuningCommand(
        int schemaVersion,
        String commandId,
        String hostId,
        Action action,
        String profile,
        int profileVersion,
        Map<String, String> settings,
        boolean dryRun,
        long confirmWithinSeconds,
        String target,
        Instant issuedAt,
        Instant expiresAt) implements FleetCommand {

    public static final int SCHEMA_VERSION = 1;

    /** Bounds of a confirm window, the same for the control plane and the agent. */
    public static final Duration MIN_CONFIRM_WINDOW = Duration.ofSeconds(10);
    public static final Duration MAX_CONFIRM_WINDOW = Duration.ofHours(24);

    public enum Action { APPLY, ROLLBACK, CONFIRM }

    /** Null when {@code seconds} is 0 (no window) or within the bounds; otherwise why it is refused. */
    public static String confirmWindowProblem(long seconds) {
        if (seconds == 0 || (seconds >= MIN_CONFIRM_WINDOW.toSeconds() && seconds <= MAX_CONFIRM_WINDOW.toSeconds())) {
            return null;
        }
        return "a confirm window is " + MIN_CONFIRM_WINDOW.toSeconds() + " to " + MAX_CONFIRM_WINDOW.toSeconds()
                + " seconds (got " + seconds + ")";
    }

    public TuningCommand {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(hostId, "hostId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        settings = settings == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(settings));
    }
}
