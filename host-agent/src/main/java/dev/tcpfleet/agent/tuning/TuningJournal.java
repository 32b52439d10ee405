package dev.tcpfleet.agent.tuning;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.TuningOutcome;
import dev.tcpfleet.protocol.TuningResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What each tuning command found and did, one file per command id under the agent's state folder, written
 * before the first sysctl changes: it survives a crash or restart, so a rollback can always find the values
 * to restore, and a redelivered command finds its first result instead of running again.
 */
public final class TuningJournal {
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final ObjectMapper JSON = ProtocolJson.mapper();

    private final Path folder;

    public TuningJournal(Path folder) {
        this.folder = folder;
    }

    /**
     * One command's record.
     *
     * @param before values before it ran, for every key it would change (the backup)
     * @param result    its outcome; null while it is running (a crash mid-way leaves it so)
     * @param revertedBy the rollback command that undid it, if one did
     */
    public record Entry(String commandId, String profile, Instant startedAt, Map<String, String> before,
                        TuningResult result, String revertedBy) {
        public Entry {
            before = before == null ? Map.of() : Map.copyOf(before);
        }

        Entry finished(TuningResult finalResult) {
            return new Entry(commandId, profile, startedAt, before, finalResult, revertedBy);
        }

        Entry revertedBy(String rollbackId) {
            return new Entry(commandId, profile, startedAt, before, result, rollbackId);
        }
    }

    public static boolean isSafeId(String commandId) {
        return commandId != null && SAFE_ID.matcher(commandId).matches();
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

    /** The most recent command that changed keys and has not been reverted, if any. */
    public Optional<Entry> lastApplied() {
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .map(f -> find(f.getFileName().toString().replaceFirst("\\.json$", "")))
                    .flatMap(Optional::stream)
                    .filter(e -> e.result() != null && e.result().outcome() == TuningOutcome.APPLIED
                            && e.revertedBy() == null)
                    .max(Comparator.comparing(Entry::startedAt));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
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
