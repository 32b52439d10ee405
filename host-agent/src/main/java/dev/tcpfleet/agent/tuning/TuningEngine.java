package dev.tcpfleet.agent.tuning;

import dev.tcpfleet.agent.procfs.ProcFs;
import dev.tcpfleet.agent.procfs.ProcessFds;
import dev.tcpfleet.agent.procfs.SysctlReader;
import dev.tcpfleet.domain.profiles.ProfileValidator;
import dev.tcpfleet.protocol.KeyChange;
import dev.tcpfleet.protocol.TuningOutcome;
import dev.tcpfleet.protocol.TuningResult;
import dev.tcpfleet.protocol.commands.CommandIds;
import dev.tcpfleet.protocol.commands.TuningCommand;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Applies a sysctl profile to this host all or nothing: validate, check every key exists, back up, write,
 * read back, and only then persist; if any key fails, every key this command changed is restored.
 * Plain code over a {@link SysctlStore}, so the same logic runs on the real /proc/sys and in tests.
 */
public final class TuningEngine {
    private static final Set<String> COMPETING_TUNERS = Set.of("tuned", "bpftune");
    /** What {@link #nextConfirmDeadline} holds when no confirm window is open. */
    private static final Instant NO_DEADLINE = Instant.MAX;

    private final String hostId;
    private final SysctlStore store;
    private final TuningJournal journal;
    private final SysctlFiles files;
    private final ProcFs procFs;
    private final Clock clock;
    /** When the earliest open confirm window closes; null until the journal has been read for it. */
    private Instant nextConfirmDeadline;
    /** The confirm windows open when the journal was last read for them (each second, see revertUnconfirmed). */
    private volatile int confirmDeadlinesPending;

    public TuningEngine(String hostId, SysctlStore store, TuningJournal journal, SysctlFiles files, ProcFs procFs,
                        Clock clock) {
        this.hostId = hostId;
        this.store = store;
        this.journal = journal;
        this.files = files;
        this.procFs = procFs;
        this.clock = clock;
    }

    /** Applies {@code settings}, or with {@code dryRun} only reports what it would change. */
    public TuningResult apply(String commandId, String profile, Map<String, String> settings, boolean dryRun) {
        return apply(commandId, profile, settings, dryRun, Duration.ZERO);
    }

    /** What this host made of {@code commandId}, as its journal recorded it; empty if it never carried it out. */
    public synchronized Optional<TuningResult> recorded(String commandId) {
        if (!TuningJournal.isSafeId(commandId)) {
            return Optional.empty();
        }
        return journal.locked(() -> journal.find(commandId).map(TuningJournal.Entry::result));
    }

    /**
     * As {@link #apply(String, String, Map, boolean)}; with a non-zero {@code confirmWithin} the apply is
     * reverted by {@link #revertUnconfirmed()} unless {@link #confirm confirmed} within that time.
     */
    public synchronized TuningResult apply(String commandId, String profile, Map<String, String> settings,
                                           boolean dryRun, Duration confirmWithin) {
        if (!TuningJournal.isSafeId(commandId)) {
            return result(commandId, TuningOutcome.REJECTED, List.of(), null,
                    List.of(CommandIds.problem("command id", commandId)), List.of());
        }
        String windowProblem = TuningCommand.confirmWindowProblem(confirmWithin.toSeconds());
        if (windowProblem != null || (dryRun && !confirmWithin.isZero())) {
            return result(commandId, TuningOutcome.REJECTED, List.of(), null,
                    List.of(windowProblem != null ? windowProblem : "a dry run changes nothing to confirm"), List.of());
        }
        return journal.locked(() -> applyLocked(commandId, profile, settings, dryRun, confirmWithin));
    }

    private TuningResult applyLocked(String commandId, String profile, Map<String, String> settings, boolean dryRun,
                                     Duration confirmWithin) {
        recoverLocked();
        Optional<TuningJournal.Entry> earlier = journal.find(commandId);
        if (earlier.isPresent()) {
            return earlier.get().result(); // a redelivery: done once already (or undone by recover())
        }
        Map<String, String> desired = new TreeMap<>();
        settings.forEach((key, value) -> desired.put(key, value == null ? "" : ProfileValidator.normalise(value)));

        List<String> reasons = new ArrayList<>();
        Set<String> available = new HashSet<>(new SysctlReader(procFs).availableCongestionControl(new TreeMap<>()));
        // an unreadable list of algorithms means "not checked here", not "none available"
        ProfileValidator.validate(desired, available.isEmpty() ? null : available)
                .forEach(v -> reasons.add(v.message()));
        if (reasons.isEmpty()) {
            desired.keySet().stream().filter(key -> !store.exists(key))
                    .forEach(key -> reasons.add(key + ": not on this host's kernel; the profile is not applied here"));
        }
        if (reasons.isEmpty() && !dryRun) {
            // reverting that apply later would silently undo this one's values too
            journal.awaitingConfirmation().stream()
                    .filter(open -> open.changedKeys().stream().anyMatch(desired::containsKey))
                    .forEach(open -> reasons.add(open.commandId() + " changed the same keys and awaits confirmation"
                            + " until " + open.result().confirmBy() + ": confirm it or roll it back first"));
        }
        Map<String, String> before = new TreeMap<>();
        if (reasons.isEmpty()) {
            for (String key : desired.keySet()) {
                try {
                    before.put(key, store.read(key));
                } catch (IOException e) {
                    reasons.add(key + ": unreadable (" + e.getMessage() + ")");
                }
            }
        }
        if (!reasons.isEmpty()) {
            return finish(commandId, profile, before, TuningOutcome.REJECTED, changes(desired, before, before),
                    null, reasons, List.of());
        }
        List<String> warnings = warnings(desired.keySet());
        List<KeyChange> planned = changes(desired, before, before);
        if (dryRun) {
            return finish(commandId, profile, before, TuningOutcome.PLANNED, planned, null, List.of(), warnings);
        }
        if (planned.stream().noneMatch(KeyChange::changes)) {
            return finish(commandId, profile, before, TuningOutcome.UNCHANGED, planned, null, List.of(), warnings);
        }
        // from here on the backup is on disk: a crash is undone by recover() when the agent starts again
        Map<String, String> persistedBefore;
        try {
            persistedBefore = files.persisted(desired.keySet());
        } catch (IOException e) {
            return finish(commandId, profile, before, TuningOutcome.REJECTED, planned, null,
                    List.of("persist: cannot read " + files.ownFile() + ": " + e.getMessage()), warnings);
        }
        journal.save(new TuningJournal.Entry(commandId, profile, clock.instant(), before, persistedBefore, null, null,
                null, null));
        return write(commandId, profile, desired, before, warnings, confirmWithin);
    }

    private TuningResult write(String commandId, String profile, Map<String, String> desired,
                               Map<String, String> backup, List<String> warnings, Duration confirmWithin) {
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, String> setting : desired.entrySet()) {
            String key = setting.getKey();
            if (setting.getValue().equals(backup.get(key))) {
                continue; // already so before this command
            }
            changed.add(key);
            Optional<String> failure = set(key, setting.getValue());
            if (failure.isPresent()) {
                return undo(commandId, profile, desired, backup, changed, key, failure.get(), warnings);
            }
        }
        try {
            files.persist(desired);
        } catch (IOException e) {
            return undo(commandId, profile, desired, backup, changed, "persist",
                    "cannot write " + files.ownFile() + ": " + e.getMessage(), warnings);
        }
        TuningResult applied = result(commandId, TuningOutcome.APPLIED, changes(desired, backup, readAll(desired)),
                null, List.of(), warnings);
        if (!confirmWithin.isZero()) {
            applied = applied.withConfirmBy(applied.finishedAt().plus(confirmWithin));
            nextConfirmDeadline = null; // read again: this one may close first
        }
        return finish(commandId, profile, backup, applied);
    }

    /** Writes and reads back; the kernel's own format is what the read-back is compared in. */
    private Optional<String> set(String key, String value) {
        try {
            store.write(key, value);
        } catch (IOException e) {
            return Optional.of("the kernel refused " + value + ": " + e.getMessage());
        }
        String after = readQuietly(key);
        return value.equals(after) ? Optional.empty()
                : Optional.of("wrote " + value + " but the kernel holds " + after);
    }

    private TuningResult undo(String commandId, String profile, Map<String, String> desired,
                              Map<String, String> backup, List<String> changed, String failedKey, String error,
                              List<String> warnings) {
        List<String> reasons = new ArrayList<>(List.of(failedKey + ": " + error));
        for (int i = changed.size() - 1; i >= 0; i--) {
            String key = changed.get(i);
            if (backup.get(key).equals(readQuietly(key))) {
                continue; // the refused write left it as it was
            }
            set(key, backup.get(key)).ifPresent(problem -> reasons.add(key + ": not restored: " + problem));
        }
        TuningOutcome outcome = reasons.size() == 1 ? TuningOutcome.ROLLED_BACK : TuningOutcome.FAILED;
        return finish(commandId, profile, backup, outcome, changes(desired, backup, readAll(desired)), failedKey,
                reasons, warnings);
    }

    /**
     * Undoes what a crash interrupted: every command backed up but never finished has its backup restored
     * (live values and boot file) and ends ROLLED_BACK, which a redelivery of it then answers with. Run at
     * start-up, before any command.
     */
    public synchronized List<TuningResult> recover() {
        return journal.locked(this::recoverLocked);
    }

    private List<TuningResult> recoverLocked() {
        List<TuningResult> recovered = new ArrayList<>();
        for (TuningJournal.Entry interrupted : journal.unfinished()) {
            List<String> reasons = new ArrayList<>(List.of("the agent stopped in the middle of this command; the"
                    + " values from before it were restored"));
            List<KeyChange> restored = restore(interrupted, reasons);
            TuningOutcome outcome = reasons.size() == 1 ? TuningOutcome.ROLLED_BACK : TuningOutcome.FAILED;
            recovered.add(finish(interrupted.commandId(), interrupted.profile(), interrupted.before(), outcome,
                    restored, null, reasons, List.of()));
        }
        return recovered;
    }

    /**
     * Reverts every apply whose confirm window has closed unconfirmed: its backup is restored as a rollback
     * would, and the result is reported under the apply's own id (kept in the journal until
     * {@link #revertReported reported}). Cheap to call often: the journal is read only once the earliest open window
     * is due, and not while another process (a {@code tune}) holds it: waiting would hold this engine, and every
     * command with it, behind that process; the next call reads it.
     */
    public synchronized List<TuningResult> revertUnconfirmed() {
        Instant now = clock.instant();
        if (nextConfirmDeadline != null && now.isBefore(nextConfirmDeadline)) {
            return List.of();
        }
        return journal.lockedIfFree(() -> {
            List<TuningResult> reverted = new ArrayList<>();
            List<TuningJournal.Entry> open = journal.awaitingConfirmation();
            for (TuningJournal.Entry entry : open) {
                if (!now.isBefore(entry.result().confirmBy())) {
                    reverted.add(revertUnconfirmed(entry));
                }
            }
            List<Instant> pending = open.stream().map(entry -> entry.result().confirmBy()).filter(now::isBefore)
                    .toList();
            nextConfirmDeadline = pending.isEmpty() ? NO_DEADLINE : pending.get(0);
            confirmDeadlinesPending = pending.size();
            return reverted;
        }).orElse(List.of());
    }

    private TuningResult revertUnconfirmed(TuningJournal.Entry entry) {
        List<String> reasons = new ArrayList<>(List.of("not confirmed by " + entry.result().confirmBy()
                + ": the host reverted it"));
        List<KeyChange> restored = restore(entry, reasons);
        boolean reverted = reasons.size() == 1;
        TuningResult result = result(entry.commandId(), reverted ? TuningOutcome.REVERTED : TuningOutcome.FAILED,
                restored, null, reasons, List.of());
        TuningJournal.Entry closed = entry.confirmClosedBy(TuningJournal.Entry.UNCONFIRMED).unreportedRevert(result);
        // a failed revert leaves the apply standing, for an operator's rollback to retry
        journal.save(reverted ? closed.revertedBy(TuningJournal.Entry.UNCONFIRMED) : closed);
        return result;
    }

    /**
     * Applies whose confirm window is open, as the journal was last read for them: after each apply, confirm or
     * rollback, and at each window's close, by {@link #revertUnconfirmed}, called every second.
     */
    public int confirmDeadlinesPending() {
        return confirmDeadlinesPending;
    }

    /** The results of reverts not yet {@link #revertReported reported}, oldest first. */
    public List<TuningResult> unreportedReverts() {
        return journal.unreportedReverts().stream().map(TuningJournal.Entry::unreportedRevert).toList();
    }

    /** The broker has taken the report of the revert of {@code commandId}: it is not sent again. */
    public synchronized void revertReported(String commandId) {
        journal.locked(() -> {
            journal.find(commandId).ifPresent(entry -> journal.save(entry.unreportedRevert(null)));
            return null;
        });
    }

    /**
     * Keeps an apply whose confirm window is open. Confirming one already confirmed answers CONFIRMED again;
     * one whose window closed was reverted, and cannot be confirmed.
     */
    public synchronized TuningResult confirm(String commandId, String targetCommandId) {
        if (!TuningJournal.isSafeId(commandId) || !TuningJournal.isSafeId(targetCommandId)) {
            return result(commandId, TuningOutcome.REJECTED, List.of(), null,
                    List.of("command ids must match " + CommandIds.PATTERN), List.of());
        }
        return journal.locked(() -> {
            Optional<TuningJournal.Entry> earlier = journal.find(commandId);
            if (earlier.isPresent() && earlier.get().result() != null) {
                return earlier.get().result();
            }
            String profile = "confirmation of " + targetCommandId;
            Optional<TuningJournal.Entry> target = journal.find(targetCommandId)
                    .filter(entry -> entry.result() != null && entry.result().confirmBy() != null);
            if (target.isEmpty()) {
                return finish(commandId, profile, Map.of(), TuningOutcome.REJECTED, List.of(), null,
                        List.of(targetCommandId + ": no apply with a confirm window on this host"), List.of());
            }
            String closedBy = target.get().confirmClosedBy();
            if (TuningJournal.Entry.UNCONFIRMED.equals(closedBy)) {
                return finish(commandId, profile, Map.of(), TuningOutcome.REJECTED, List.of(), null,
                        List.of(targetCommandId + " was not confirmed by " + target.get().result().confirmBy()
                                + " and was reverted"), List.of());
            }
            if (target.get().revertedBy() != null) {
                return finish(commandId, profile, Map.of(), TuningOutcome.REJECTED, List.of(), null,
                        List.of(targetCommandId + " was rolled back by " + target.get().revertedBy()), List.of());
            }
            if (closedBy == null) {
                journal.save(target.get().confirmClosedBy(commandId));
                nextConfirmDeadline = null;
            }
            return finish(commandId, profile, Map.of(), TuningOutcome.CONFIRMED, List.of(), null,
                    closedBy == null ? List.of() : List.of("already confirmed by " + closedBy), List.of());
        });
    }

    /**
     * Puts back the live values and boot-file lines from before {@code entry}; each key it could not restore
     * adds a line to {@code reasons}. Returns every key's value before the restore, backup, and after.
     */
    private List<KeyChange> restore(TuningJournal.Entry entry, List<String> reasons) {
        Map<String, String> backup = entry.before();
        Map<String, String> current = readAll(backup);
        int problemsBefore = reasons.size();
        backup.forEach((key, value) -> {
            if (!value.equals(current.get(key))) {
                set(key, value).ifPresent(problem -> reasons.add(key + ": not restored: " + problem));
            }
        });
        if (reasons.size() == problemsBefore) {
            restoreBootFile(entry, reasons); // the boot file as it was, not emptied of keys an older apply set
        }
        return changes(backup, current, readAll(backup));
    }

    private void restoreBootFile(TuningJournal.Entry entry, List<String> reasons) {
        try {
            files.restore(entry.before().keySet(), entry.persistedBefore());
        } catch (IOException e) {
            reasons.add("persist: cannot rewrite " + files.ownFile() + ": " + e.getMessage());
        }
    }

    /**
     * Restores the backup of {@code targetCommandId} (or of the last apply not yet reverted) and puts
     * tcpfleet's boot file back as it was before that apply. Refused while a later apply changed the same
     * keys: restoring this backup would silently undo that one too.
     */
    public synchronized TuningResult rollback(String commandId, String targetCommandId) {
        if (!TuningJournal.isSafeId(commandId)
                || (targetCommandId != null && !TuningJournal.isSafeId(targetCommandId))) {
            return result(commandId, TuningOutcome.REJECTED, List.of(), null,
                    List.of("command ids must match " + CommandIds.PATTERN), List.of());
        }
        return journal.locked(() -> rollbackLocked(commandId, targetCommandId));
    }

    private TuningResult rollbackLocked(String commandId, String targetCommandId) {
        recoverLocked();
        Optional<TuningJournal.Entry> earlier = journal.find(commandId);
        if (earlier.isPresent() && earlier.get().result() != null) {
            return earlier.get().result();
        }
        Optional<TuningJournal.Entry> target = targetCommandId == null ? journal.lastApplied()
                : journal.find(targetCommandId);
        if (target.isEmpty() || target.get().result() == null
                || target.get().result().outcome() != TuningOutcome.APPLIED) {
            String what = targetCommandId == null ? "no apply to roll back" : targetCommandId + ": no such apply on this host";
            return finish(commandId, "rollback", Map.of(), TuningOutcome.REJECTED, List.of(), null, List.of(what),
                    List.of());
        }
        List<TuningJournal.Entry> later = journal.appliedAfter(target.get());
        if (!later.isEmpty()) {
            return finish(commandId, "rollback", Map.of(), TuningOutcome.REJECTED, List.of(), null,
                    List.of(later.get(0).commandId() + " changed the same keys afterwards: roll that back first"),
                    List.of());
        }
        List<String> reasons = new ArrayList<>();
        List<KeyChange> restored = restore(target.get(), reasons);
        TuningOutcome outcome = reasons.isEmpty() ? TuningOutcome.REVERTED : TuningOutcome.FAILED;
        TuningResult result = finish(commandId, "rollback of " + target.get().commandId(), Map.of(), outcome,
                restored, null, reasons, List.of());
        if (outcome == TuningOutcome.REVERTED) {
            journal.save(target.get().revertedBy(commandId));
            nextConfirmDeadline = null; // read again: it may have closed a window
        }
        return result;
    }

    private List<String> warnings(Set<String> keys) {
        List<String> warnings = new ArrayList<>();
        try {
            warnings.addAll(files.overriding(keys));
        } catch (IOException e) {
            warnings.add("cannot check the sysctl.d files: " + e.getMessage());
        }
        competingTuners().forEach(name -> warnings.add(name + " runs on this host and may set the same keys"));
        return warnings;
    }

    private List<String> competingTuners() {
        try {
            Set<String> running = new ProcessFds(procFs).processNames();
            return COMPETING_TUNERS.stream().filter(running::contains).sorted().toList();
        } catch (IOException e) {
            return List.of(); // no process list: nothing to warn about
        }
    }

    private Map<String, String> readAll(Map<String, String> keys) {
        Map<String, String> values = new LinkedHashMap<>();
        keys.keySet().forEach(key -> values.put(key, readQuietly(key)));
        return values;
    }

    private String readQuietly(String key) {
        try {
            return store.read(key);
        } catch (IOException e) {
            return null;
        }
    }

    private static List<KeyChange> changes(Map<String, String> desired, Map<String, String> before,
                                           Map<String, String> after) {
        List<KeyChange> changes = new ArrayList<>();
        desired.forEach((key, value) -> changes.add(new KeyChange(key, before.get(key), value, after.get(key))));
        return changes;
    }

    private TuningResult finish(String commandId, String profile, Map<String, String> before, TuningOutcome outcome,
                                List<KeyChange> changes, String failedKey, List<String> reasons,
                                List<String> warnings) {
        return finish(commandId, profile, before, result(commandId, outcome, changes, failedKey, reasons, warnings));
    }

    /** Records {@code result} as the command's answer, which a redelivery of it gets again. */
    private TuningResult finish(String commandId, String profile, Map<String, String> before, TuningResult result) {
        TuningJournal.Entry entry = journal.find(commandId)
                .orElse(new TuningJournal.Entry(commandId, profile, clock.instant(), before, null, null, null, null,
                        null));
        journal.save(entry.finished(result));
        return result;
    }

    private TuningResult result(String commandId, TuningOutcome outcome, List<KeyChange> changes, String failedKey,
                                List<String> reasons, List<String> warnings) {
        return new TuningResult(commandId, hostId, outcome, changes, failedKey, reasons, warnings, clock.instant(),
                null);
    }
}
