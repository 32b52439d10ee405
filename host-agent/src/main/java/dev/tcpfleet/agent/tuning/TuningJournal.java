package dev.tcpfleet.agent.tuning;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpfleet.protocol.KeyChange;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.SysctlDrift;
import dev.tcpfleet.protocol.TuningOutcome;
import dev.tcpfleet.protocol.TuningResult;
import dev.tcpfleet.protocol.commands.CommandIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * What each tuning command found and did, one file per command id under the agent's state folder, written
 * before the first sysctl changes: it survives a crash or restart, so a rollback can always find the values
 * to restore, and a redelivered command finds its first result instead of running again.
 */
public final class TuningJournal {
    private static final ObjectMapper JSON = ProtocolJson.mapper();

    private final Path folder;

    public TuningJournal(Path folder) {
        this.folder = folder;
    }

    /**
     * One command's record.
     *
     * @param before          live values before it ran, for every key of the profile (the backup)
     * @param persistedBefore those keys' values in tcpfleet's boot file before it ran; a key it lacked is absent
     * @param result          its outcome; null while it is running (a crash mid-way leaves it so)
     * @param revertedBy      the rollback command that undid it, if one did
     * @param confirmClosedBy for an apply with a confirm window: the command that confirmed it, or
     *                        {@link #UNCONFIRMED} once the window closed without one; null while it is open
     * @param unreportedRevert what the host did when the window closed unconfirmed, until the broker has taken
     *                        that report: kept here, it survives a restart or a broker away for days
     */
    public record Entry(String commandId, String profile, Instant startedAt, Map<String, String> before,
                        Map<String, String> persistedBefore, TuningResult result, String revertedBy,
                        String confirmClosedBy, TuningResult unreportedRevert) {
        /** What {@link #confirmClosedBy} says of a window that closed unconfirmed. */
        public static final String UNCONFIRMED = "unconfirmed";

        public Entry {
            before = before == null ? Map.of() : Map.copyOf(before);
            persistedBefore = persistedBefore == null ? Map.of() : Map.copyOf(persistedBefore);
        }

        Entry finished(TuningResult finalResult) {
            return new Entry(commandId, profile, startedAt, before, persistedBefore, finalResult, revertedBy,
                    confirmClosedBy, unreportedRevert);
        }

        Entry revertedBy(String rollbackId) {
            return new Entry(commandId, profile, startedAt, before, persistedBefore, result, rollbackId,
                    confirmClosedBy, unreportedRevert);
        }

        Entry confirmClosedBy(String closedBy) {
            return new Entry(commandId, profile, startedAt, before, persistedBefore, result, revertedBy, closedBy,
                    unreportedRevert);
        }

        Entry unreportedRevert(TuningResult revert) {
            return new Entry(commandId, profile, startedAt, before, persistedBefore, result, revertedBy,
                    confirmClosedBy, revert);
        }

        boolean appliedAndStanding() {
            return result != null && result.outcome() == TuningOutcome.APPLIED && revertedBy == null;
        }

        /** Applied with a confirm window that is still open: reverted at {@code result.confirmBy()} unless confirmed. */
        boolean awaitingConfirmation() {
            return appliedAndStanding() && result.confirmBy() != null && confirmClosedBy == null;
        }

        /** The keys this command set to a new value. */
        Set<String> changedKeys() {
            Set<String> keys = new TreeSet<>();
            if (result != null) {
                result.changes().stream().filter(KeyChange::changes).forEach(change -> keys.add(change.key()));
            }
            return keys;
        }
    }

    /** Ids that are a plain file name ({@link CommandIds#PATTERN}): every entry written is listed again. */
    public static boolean isSafeId(String commandId) {
        return CommandIds.isValid(commandId);
    }

    public Optional<Entry> find(String commandId) {
        Path file = file(commandId);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), Entry.class));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable tuning journal entry " + file, e);
        }
    }

    /** The most recent apply that changed keys and has not been reverted, if any. */
    public Optional<Entry> lastApplied() {
        return all().filter(Entry::appliedAndStanding).max(Comparator.comparing(Entry::startedAt));
    }

    /** What the standing applies set, per key: the latest such apply wins. */
    public Map<String, SysctlDrift> managedValues() {
        Map<String, SysctlDrift> managed = new TreeMap<>();
        all().filter(Entry::appliedAndStanding).sorted(Comparator.comparing(Entry::startedAt))
                .forEach(entry -> entry.result().changes().stream().filter(KeyChange::changes)
                        .forEach(change -> managed.put(change.key(),
                                new SysctlDrift(change.desired(), null, entry.commandId()))));
        return managed;
    }

    /** Standing applies made after {@code entry} that changed any key it changed. */
    public List<Entry> appliedAfter(Entry entry) {
        Set<String> keys = entry.changedKeys();
        return all().filter(Entry::appliedAndStanding)
                .filter(later -> later.startedAt().isAfter(entry.startedAt()))
                .filter(later -> later.changedKeys().stream().anyMatch(keys::contains))
                .toList();
    }

    /** Applies whose confirm window is open, the first to close first. */
    public List<Entry> awaitingConfirmation() {
        return all().filter(Entry::awaitingConfirmation)
                .sorted(Comparator.comparing(entry -> entry.result().confirmBy())).toList();
    }

    /** Applies reverted at the close of their confirm window whose report the broker has not taken, oldest first. */
    public List<Entry> unreportedReverts() {
        return all().filter(entry -> entry.unreportedRevert() != null)
                .sorted(Comparator.comparing(entry -> entry.result().confirmBy())).toList();
    }

    /** Commands a crash interrupted: backed up, never finished. */
    public List<Entry> unfinished() {
        return all().filter(entry -> entry.result() == null).toList();
    }

    /**
     * Every readable entry; one a crash left unreadable is skipped, not fatal to every later command. Dot-files are
     * {@link AtomicFiles}' temporary files and the lock: no id makes one.
     */
    private Stream<Entry> all() {
        if (!Files.isDirectory(folder)) {
            return Stream.empty();
        }
        try (Stream<Path> files = Files.list(folder)) {
            List<String> ids = files.map(f -> f.getFileName().toString())
                    .filter(name -> name.endsWith(".json") && !name.startsWith("."))
                    .map(name -> name.substring(0, name.length() - ".json".length()))
                    .filter(TuningJournal::isSafeId)
                    .toList();
            return ids.stream().flatMap(id -> {
                try {
                    return find(id).stream();
                } catch (UncheckedIOException e) {
                    return Stream.empty();
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    /**
     * Runs {@code work} holding an exclusive lock on the journal across processes, so the daemon and the
     * {@code tune} command never change sysctls at the same time: each would back up values the other is
     * about to change. Blocks while another process holds it.
     */
    public <T> T locked(Supplier<T> work) {
        try {
            Files.createDirectories(folder);
            try (FileChannel channel = FileChannel.open(folder.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
                return work.get();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the tuning journal in " + folder, e);
        }
    }

    /**
     * Runs {@code work} holding the journal's lock if no other process holds it now; empty, without waiting, if one
     * does: for work that may as well be done a moment later (the confirm-window watch).
     */
    public <T> Optional<T> lockedIfFree(Supplier<T> work) {
        try {
            Files.createDirectories(folder);
            try (FileChannel channel = FileChannel.open(folder.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = channel.tryLock()) {
                return lock == null ? Optional.empty() : Optional.of(work.get());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the tuning journal in " + folder, e);
        }
    }

    public void save(Entry entry) {
        try {
            AtomicFiles.write(file(entry.commandId()), JSON.writeValueAsBytes(entry));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the tuning journal in " + folder, e);
        }
    }

    private Path file(String commandId) {
        if (!isSafeId(commandId)) {
            throw new IllegalArgumentException("not a command id: " + commandId);
        }
        return folder.resolve(commandId + ".json");
    }
}
