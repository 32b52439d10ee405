package dev.tcpfleet.agent.tuning;

import dev.tcpfleet.agent.procfs.ProcFs;
import dev.tcpfleet.agent.procfs.ProcessFds;
import dev.tcpfleet.agent.procfs.SysctlReader;
import dev.tcpfleet.domain.profiles.ProfileValidator;
import dev.tcpfleet.protocol.KeyChange;
import dev.tcpfleet.protocol.TuningOutcome;
import dev.tcpfleet.protocol.TuningResult;
import java.io.IOException;
import java.time.Clock;
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

    private final String hostId;
    private final SysctlStore store;
    private final TuningJournal journal;
    private final SysctlFiles files;
    private final ProcFs procFs;
    private final Clock clock;

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
    public synchronized TuningResult apply(String commandId, String profile, Map<String, String> settings,
                                           boolean dryRun) {
        if (!TuningJournal.isSafeId(commandId)) {
            return result(commandId, TuningOutcome.REJECTED, List.of(), null,
                    List.of("command id must match [A-Za-z0-9._-]{1,128}"), List.of());
        }
        recover();
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
        journal.save(new TuningJournal.Entry(commandId, profile, clock.instant(), before, persistedBefore, null, null));
        return write(commandId, profile, desired, before, warnings);
    }

    private TuningResult write(String commandId, String profile, Map<String, String> desired,
                               Map<String, String> backup, List<String> warnings) {
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
        return finish(commandId, profile, backup, TuningOutcome.APPLIED, changes(desired, backup, readAll(desired)),
                null, List.of(), warnings);
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
        List<TuningResult> recovered = new ArrayList<>();
        for (TuningJournal.Entry interrupted : journal.unfinished()) {
            Map<String, String> current = readAll(interrupted.before());
            List<String> reasons = new ArrayList<>(List.of("the agent stopped in the middle of this command; the"
                    + " values from before it were restored"));
            interrupted.before().forEach((key, value) -> {
                if (!value.equals(current.get(key))) {
                    set(key, value).ifPresent(problem -> reasons.add(key + ": not restored: " + problem));
                }
            });
            if (reasons.size() == 1) {
                restoreBootFile(interrupted, reasons);
            }
            TuningOutcome outcome = reasons.size() == 1 ? TuningOutcome.ROLLED_BACK : TuningOutcome.FAILED;
            recovered.add(finish(interrupted.commandId(), interrupted.profile(), interrupted.before(), outcome,
                    changes(interrupted.before(), current, readAll(interrupted.before())), null, reasons, List.of()));
        }
        return recovered;
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
        recover();
        if (!TuningJournal.isSafeId(commandId)
                || (targetCommandId != null && !TuningJournal.isSafeId(targetCommandId))) {
            return result(commandId, TuningOutcome.REJECTED, List.of(), null,
                    List.of("command ids must match [A-Za-z0-9._-]{1,128}"), List.of());
        }
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
        Map<String, String> backup = target.get().before();
        Map<String, String> current = readAll(backup);
        List<String> reasons = new ArrayList<>();
        backup.forEach((key, value) -> {
            if (!value.equals(current.get(key))) {
                set(key, value).ifPresent(problem -> reasons.add(key + ": " + problem));
            }
        });
        if (reasons.isEmpty()) {
            restoreBootFile(target.get(), reasons); // the boot file as it was, not emptied of keys an older apply set
        }
        TuningOutcome outcome = reasons.isEmpty() ? TuningOutcome.REVERTED : TuningOutcome.FAILED;
        TuningResult result = finish(commandId, "rollback of " + target.get().commandId(), current, outcome,
                changes(backup, current, readAll(backup)), null, reasons, List.of());
        if (outcome == TuningOutcome.REVERTED) {
            journal.save(target.get().revertedBy(commandId));
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
        TuningResult result = result(commandId, outcome, changes, failedKey, reasons, warnings);
        TuningJournal.Entry entry = journal.find(commandId)
                .orElse(new TuningJournal.Entry(commandId, profile, clock.instant(), before, null, null, null));
        journal.save(entry.finished(result));
        return result;
    }

    private TuningResult result(String commandId, TuningOutcome outcome, List<KeyChange> changes, String failedKey,
                                List<String> reasons, List<String> warnings) {
        return new TuningResult(commandId, hostId, outcome, changes, failedKey, reasons, warnings, clock.instant());
    }
}
