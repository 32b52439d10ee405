package dev.tcpfleet.protocol;

import java.time.Instant;
import java.util.List;

/**
 * What a host did with one tuning command, sent back on {@link Topics#COMMAND_RESULTS}.
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

    public TuningResult {
        changes = changes == null ? List.of() : List.copyOf(changes);
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public TuningResult withConfirmBy(Instant deadline) {
        return new TuningResult(commandId, hostId, outcome, changes, failedKey, reasons, warnings, finishedAt, deadline);
    }
}
