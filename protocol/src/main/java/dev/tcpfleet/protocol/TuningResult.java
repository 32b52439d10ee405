package dev.tcpfleet.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * What a host did with one tuning command, sent back on {@link Topics#COMMAND_RESULTS}. Its JSON carries
 * {@code schemaVersion} like every message, written from {@link #SCHEMA_VERSION} rather than held per result.
 *
 * @param commandId  the command's id; the same id delivered again yields this same result
 * @param hostId     the host
 * @param outcome    how it ended
 * @param changes    every key of the profile, before / desired / after
 * @param failedKey  for {@link TuningOutcome#ROLLED_BACK} and {@link TuningOutcome#FAILED}: the key that failed
 * @param reasons    why it was rejected or failed, one line each, naming the key
 * @param warnings   what may undo or fight the change: files overriding tcpfleet's at boot, tuned or bpftune
 * @param finishedAt when the host finished
 * @param confirmBy  for an apply with a confirm window: when the host reverts it unless confirmed; else null
 */
public record TuningResult(
        String commandId,
        String hostId,
        TuningOutcome outcome,
        List<KeyChange> changes,
        String failedKey,
        List<String> reasons,
        List<String> warnings,
        Instant finishedAt,
        Instant confirmBy) {

    public static final int SCHEMA_VERSION = 1;

    public TuningResult {
        changes = changes == null ? List.of() : List.copyOf(changes);
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    @JsonProperty("schemaVersion")
    int schemaVersion() {
        return SCHEMA_VERSION;
    }

    public TuningResult withConfirmBy(Instant deadline) {
        return new TuningResult(commandId, hostId, outcome, changes, failedKey, reasons, warnings, finishedAt, deadline);
    }
}
