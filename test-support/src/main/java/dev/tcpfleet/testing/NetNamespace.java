package dev.tcpfleet.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace of a test's own ({@code ip netns add tf-…}) with {@code lo} up: a host whose socket
 * tables hold only what the test put there. Needs root.
 *
 * <p>Everything running in it when it closes is killed, whoever started it, so a failing test leaves no
 * fixture behind; a shutdown hook does the same when the JVM exits without closing it.
 */
public final class NetNamespace implements AutoCloseable {
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final ExitCleanup cleanup;

    /** Takes charge of the namespace {@code name}, which exists. */
    private NetNamespace(String name) {
        this.name = name;
        this.cleanup = new ExitCleanup("netns-cleanup-" + name, this::cleanUp);
    }

    public static NetNamespace create() {
        byte[] suffix = new byte[4];
        RANDOM.nextBytes(suffix);
        String name = "tf-" + HexFormat.of().formatHex(suffix);
        runOnHost(List.of("ip", "netns", "add", name));
        NetNamespace ns = new NetNamespace(name);
        try {
            ns.run("ip", "link", "set", "lo", "up");
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    /** Whether this machine lets us create namespaces: root and iproute2 present. */
    public static boolean supported() {
        try {
            Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return id.waitFor() == 0 && uid.equals("0")
                    && new ProcessBuilder("ip", "netns", "list").start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The namespaces {@code ip netns list} shows now, by name. */
    public static List<String> existing() {
        return runOnHost(List.of("ip", "netns", "list")).lines()
                .map(line -> line.split("\\s+")[0])
                .filter(name -> !name.isBlank())
                .toList();
    }

    public String name() {
        return name;
    }

    /** A process builder for {@code args} run inside the namespace. */
    public ProcessBuilder command(String... args) {
        return command(List.of(args));
    }

    public ProcessBuilder command(List<String> args) {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", name));
        command.addAll(args);
        return new ProcessBuilder(command);
    }

    /** Runs {@code args} inside the namespace and returns its stdout; fails with its stderr on a non-zero exit. */
    public String run(String... args) {
        return runOnHost(command(args).command());
    }

    @Override
    public void close() {
        cleanup.run();
    }

    private void cleanUp() {
        try {
            for (String pid : runOnHost(List.of("ip", "netns", "pids", name)).split("\\s+")) {
                if (!pid.isBlank()) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        } catch (RuntimeException e) {
            // deleting the namespace below still detaches it; its processes lose their network
        }
        runOnHost(List.of("ip", "netns", "del", name));
    }

    /** Runs {@code command} on this machine, outside any namespace; its stdout, or why it failed or hung. */
    public static String runOnHost(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            // both streams drained aside, so a command that never exits cannot block us past the timeout
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            if (!process.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException("`" + String.join(" ", command) + "` did not finish within " + RUN_TIMEOUT);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("`" + String.join(" ", command) + "` exited with "
                        + process.exitValue() + ": " + stderr.join().strip());
            }
            return stdout.join();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run `" + String.join(" ", command) + "`", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
