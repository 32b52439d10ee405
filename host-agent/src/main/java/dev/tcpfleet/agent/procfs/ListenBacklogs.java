package dev.tcpfleet.agent.procfs;

import dev.tcpfleet.protocol.ListenerQueue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Listen backlogs from sock_diag, through {@code ss -Hltn}: /proc/net/tcp shows a listener's accept queue
 * but not its limit. Only listeners are dumped, so this costs a process start, not a walk of every socket;
 * and since a backlog only changes when a listener is recreated, the last answer is reused while it knows
 * every listener and no accept queue holds anything (then the limit matters, and is read fresh).
 */
public final class ListenBacklogs {
    private static final long TIMEOUT_MILLIS = 3_000;

    private final String ssCommand;
    private Map<String, Long> known = Map.of();

    public ListenBacklogs(String ssCommand) {
        this.ssCommand = ssCommand;
    }

    /** Backlogs of these listeners per {@link #key(String, int)}, asking {@code ss} only when needed. */
    public Result of(Collection<ListenerQueue> listeners) {
        boolean stale = listeners.stream().anyMatch(l -> l.acceptQueue() > 0 || !known.containsKey(key(l.address(), l.port())));
        if (!stale) {
            return new Result(known, Optional.empty());
        }
        Result fresh = read();
        known = fresh.backlogs();
        return fresh;
    }

    /** Backlog per {@link #key(String, int)}, or empty with the reason when {@code ss} cannot tell. */
    public Result read() {
        Process process;
        try {
            process = new ProcessBuilder(ssCommand, "-Hltn").redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(Map.of(), Optional.of(ssCommand + " not runnable (install iproute2): " + e.getMessage()));
        }
        try (InputStream out = process.getInputStream()) {
            String text = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                return new Result(Map.of(), Optional.of(ssCommand + " did not finish"));
            }
            if (process.exitValue() != 0) {
                return new Result(Map.of(), Optional.of(ssCommand + " failed: " + text.strip()));
            }
            return new Result(parse(text), Optional.empty());
        } catch (IOException e) {
            return new Result(Map.of(), Optional.of(ssCommand + ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(Map.of(), Optional.of("interrupted"));
        } finally {
            process.destroy();
        }
    }

    public record Result(Map<String, Long> backlogs, Optional<String> unavailableReason) {
    }

    /**
     * Lines like {@code LISTEN 0 4096 127.0.0.1:8080 0.0.0.0:*}, {@code LISTEN 0 511 [::1]:80 [::]:*},
     * {@code LISTEN 0 128 *:22 *:*} (a dual-stack wildcard) or {@code LISTEN 0 5 127.0.0.53%lo:53 ...}.
     */
    static Map<String, Long> parse(String ssOutput) {
        Map<String, Long> backlogs = new HashMap<>();
        for (String line : ssOutput.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 4 || !fields[0].equals("LISTEN")) {
                continue;
            }
            int colon = fields[3].lastIndexOf(':');
            if (colon <= 0) {
                continue;
            }
            try {
                long backlog = Long.parseLong(fields[2]);
                int port = Integer.parseInt(fields[3].substring(colon + 1));
                backlogs.put(key(fields[3].substring(0, colon), port), backlog);
            } catch (NumberFormatException e) {
                // not a line of the format above: skip it
            }
        }
        return backlogs;
    }

    /** One spelling per listener for both sides: no brackets, no interface, {@code *} as {@code ::}. */
    public static String key(String address, int port) {
        String a = address;
        int percent = a.indexOf('%');
        if (percent >= 0) {
            a = a.substring(0, percent);
        }
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        if (a.equals("*")) {
            a = "::";
        }
        if (a.startsWith("::ffff:") && a.indexOf('.') > 0) {
            a = a.substring("::ffff:".length());
        }
        return a + " " + port;
    }
}
