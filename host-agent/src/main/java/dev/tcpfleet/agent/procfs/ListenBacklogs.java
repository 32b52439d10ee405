package dev.tcpfleet.agent.procfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

/**
 * Listen backlogs from sock_diag, through {@code ss -Hltne}: /proc/net/tcp shows a listener's accept queue
 * but not its limit. Only listeners are dumped, so this costs a process start (~45 ms), not a walk of every
 * socket; and since a backlog is fixed for a listening socket's life, answers are kept per socket inode and
 * {@code ss} runs again only for a listener it has not seen, or one whose queue holds something.
 */
public final class ListenBacklogs {
    private static final long TIMEOUT_MILLIS = 3_000;

    private final String ssCommand;
    private Map<Long, Long> byInode = Map.of();

    public ListenBacklogs(String ssCommand) {
        this.ssCommand = ssCommand;
    }

    /** What is known: backlog per listening socket inode, and why nothing is, if so. */
    public record Result(Map<Long, Long> backlogs, Optional<String> unavailableReason) {
    }

    /**
     * Backlogs for the listeners of this collection.
     *
     * @param inodes        the listening sockets' inodes
     * @param needsFreshRead true for an inode whose backlog matters now (its accept queue is not empty)
     */
    public Result of(long[] inodes, LongPredicate needsFreshRead) {
        boolean stale = false;
        for (long inode : inodes) {
            stale |= needsFreshRead.test(inode) || !byInode.containsKey(inode);
        }
        if (!stale) {
            return new Result(byInode, Optional.empty());
        }
        Result fresh = read();
        byInode = fresh.backlogs();
        return fresh;
    }

    /** Runs {@code ss}, with a time limit: a hung child must not stop the agent's collections. */
    public Result read() {
        Path output;
        try {
            output = Files.createTempFile("tcpfleet-ss", ".txt");
        } catch (IOException e) {
            return failed("no temporary file for its output: " + e.getMessage());
        }
        try {
            Process process = new ProcessBuilder(ssCommand, "-Hltne").redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return failed("did not finish within " + TIMEOUT_MILLIS + " ms");
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                return failed("exited with " + process.exitValue() + ": " + text.strip());
            }
            return new Result(parse(text), Optional.empty());
        } catch (IOException e) {
            return failed("not runnable (install iproute2): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed("interrupted");
        } finally {
            try {
                Files.deleteIfExists(output);
            } catch (IOException e) {
                // a temp file left behind is not worth a missing figure
            }
        }
    }

    private Result failed(String reason) {
        return new Result(Map.of(), Optional.of(ssCommand + " -Hltne: " + reason));
    }

    /** Lines like {@code LISTEN 0 4096 127.0.0.1:8080 0.0.0.0:* uid:107 ino:10958 sk:29 cgroup:/ <->}. */
    static Map<Long, Long> parse(String ssOutput) {
        Map<Long, Long> backlogs = new HashMap<>();
        for (String line : ssOutput.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 5 || !fields[0].equals("LISTEN")) {
                continue;
            }
            try {
                long backlog = Long.parseLong(fields[2]);
                for (int i = 5; i < fields.length; i++) {
                    if (fields[i].startsWith("ino:")) {
                        backlogs.put(Long.parseLong(fields[i].substring(4)), backlog);
                    }
                }
            } catch (NumberFormatException e) {
                // not a line of the format above: skip it
            }
        }
        return backlogs;
    }
}
