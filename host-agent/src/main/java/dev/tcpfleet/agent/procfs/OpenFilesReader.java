package dev.tcpfleet.agent.procfs;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.stream.Stream;

/** This process's file descriptors: how many are open ({@code self/fd}) and its soft limit ({@code self/limits}). */
public final class OpenFilesReader {
    public static final String LIMITS = "self/limits";
    public static final String FDS = "self/fd";

    private static final String MAX_OPEN_FILES = "Max open files";

    private final ProcFs procFs;

    /** @param limit the soft limit, {@link Long#MAX_VALUE} when unlimited */
    public record OpenFiles(long open, long limit) {
        public long free() {
            return Math.max(0, limit - open);
        }
    }

    public OpenFilesReader(ProcFs procFs) {
        this.procFs = procFs;
    }

    /** The figures, or null (and reported) when either is unreadable. */
    public OpenFiles read(Map<String, String> unavailable) {
        Long limit = ProcText.readFigure(procFs, LIMITS, "openFiles.limit", OpenFilesReader::parseSoftLimit,
                "no " + MAX_OPEN_FILES + " line", unavailable);
        try (Stream<?> fds = Files.list(procFs.root().resolve(FDS))) {
            long open = fds.count();
            return limit == null ? null : new OpenFiles(open, limit);
        } catch (IOException e) {
            unavailable.put("openFiles.open", FDS + ": unreadable (" + e.getClass().getSimpleName() + ")");
            return null;
        }
    }

    /** The soft limit of {@code Max open files}; {@link Long#MAX_VALUE} for "unlimited"; null when absent. */
    public static Long parseSoftLimit(String limits) {
        for (String line : limits.split("\n")) {
            if (line.startsWith(MAX_OPEN_FILES)) {
                String[] fields = ProcText.fields(line.substring(MAX_OPEN_FILES.length()));
                if (fields.length == 0) {
                    return null;
                }
                return fields[0].equals("unlimited") ? Long.valueOf(Long.MAX_VALUE) : ProcText.parseLong(fields[0]);
            }
        }
        return null;
    }
}
