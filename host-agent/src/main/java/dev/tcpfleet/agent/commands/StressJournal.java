package dev.tcpfleet.agent.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpfleet.agent.tuning.AtomicFiles;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.commands.CommandIds;
import dev.tcpfleet.protocol.commands.StressCommand;
import dev.tcpfleet.protocol.stress.StressReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What this host did with each stress command, one file per id under the agent's state folder: a RUN is written
 * before its test starts, so one read again (a redelivery, or a replay by anyone who can write the topic) never runs
 * a second time, and a campaign's STOP is kept, so a RUN of that campaign arriving later is refused. An entry is
 * forgotten once every command that could carry its id has expired: a replay after that is refused as expired.
 * Files are {@code run-<command id>.json} and {@code stop-<campaign id>.json}; both ids match
 * {@link CommandIds#PATTERN}, which the signature check enforces.
 */
public final class StressJournal {
    private static final String RUN = "run-";
    private static final String STOP = "stop-";
    private static final String SUFFIX = ".json";
    private static final ObjectMapper JSON = ProtocolJson.mapper();

    private final Path folder;

    public StressJournal(Path folder) {
        this.folder = folder;
    }

    /** A RUN this host took; {@code report} is null while its test runs (or if the agent stopped during it). */
    public record Run(StressCommand command, StressReport report) {
    }

    /** A campaign this host was told to stop, kept until {@code expiresAt}, as long as any RUN of it is valid. */
    public record Stop(String campaignId, String commandId, Instant stoppedAt, Instant expiresAt) {
    }

    public synchronized Optional<Run> run(String commandId) {
        return read(file(RUN, commandId), Run.class);
    }

    /** Records a RUN as taken, before its test starts. */
    public synchronized void started(StressCommand command) {
        write(file(RUN, command.commandId()), new Run(command, null));
    }

    /** Records the report of a RUN taken earlier: the answer to that RUN read again. */
    public synchronized void finished(StressCommand command, StressReport report) {
        write(file(RUN, command.commandId()), new Run(command, report));
    }

    public synchronized Optional<Stop> stop(String campaignId) {
        return read(file(STOP, campaignId), Stop.class);
    }

    /** Records that {@code stop}'s campaign is stopped; the first STOP stands. */
    public synchronized void stopped(StressCommand stop, Instant at) {
        Path file = file(STOP, stop.campaignId());
        if (!Files.exists(file)) {
            write(file, new Stop(stop.campaignId(), stop.commandId(), at, stop.expiresAt()));
        }
    }

    /** RUNs whose test never reported: the agent stopped while it ran. */
    public synchronized List<Run> interrupted() {
        return entries(RUN, Run.class).filter(run -> run.report() == null).toList();
    }

    /** Removes what no valid command can ask about any more at {@code now}; returns how many. */
    public synchronized int forgetExpired(Instant now) {
        List<Path> expired = new ArrayList<>();
        entries(RUN, Run.class).filter(run -> run.report() != null && !now.isBefore(run.command().expiresAt()))
                .forEach(run -> expired.add(file(RUN, run.command().commandId())));
        entries(STOP, Stop.class).filter(stop -> !now.isBefore(stop.expiresAt()))
                .forEach(stop -> expired.add(file(STOP, stop.campaignId())));
        for (Path file : expired) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + file, e);
            }
        }
        return expired.size();
    }

    /** Every readable entry of one kind; one a crash left unreadable is skipped. */
    private <T> Stream<T> entries(String prefix, Class<T> type) {
        if (!Files.isDirectory(folder)) {
            return Stream.empty();
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(file -> {
                String name = file.getFileName().toString();
                return name.startsWith(prefix) && name.endsWith(SUFFIX);
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
        return files.stream().flatMap(file -> {
            try {
                return read(file, type).stream();
            } catch (UncheckedIOException e) {
                return Stream.empty();
            }
        });
    }

    private Path file(String prefix, String id) {
        if (!CommandIds.isValid(id)) {
            throw new IllegalArgumentException("not an id: " + id);
        }
        return folder.resolve(prefix + id + SUFFIX);
    }

    private static <T> Optional<T> read(Path file, Class<T> type) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), type));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable stress journal entry " + file, e);
        }
    }

    private void write(Path file, Object entry) {
        try {
            AtomicFiles.write(file, JSON.writeValueAsBytes(entry));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the stress journal in " + folder, e);
        }
    }
}
