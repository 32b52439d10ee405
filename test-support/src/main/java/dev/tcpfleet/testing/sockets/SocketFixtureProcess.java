package dev.tcpfleet.testing.sockets;

import dev.tcpfleet.testing.ReadyLine;

import dev.tcpfleet.testing.NetNamespace;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A {@link SocketFixture} JVM running inside a {@link NetNamespace}, started and stopped by a test. */
public final class SocketFixtureProcess implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final Path stderr;
    private final long pid;

    private SocketFixtureProcess(Process process, Path stderr, long pid) {
        this.process = process;
        this.stderr = stderr;
        this.pid = pid;
    }

    /** Starts a fixture for {@code spec} (see {@link SocketSpec}) in {@code ns} and waits until it prints READY. */
    public static SocketFixtureProcess start(NetNamespace ns, List<String> spec) {
        return start(ns, List.of(), spec);
    }

    /**
     * As {@link #start(NetNamespace, List)}, with {@code jvmOptions} before the class name; {@code spec} may hold
     * {@code --options} of an application's own, which the fixture ignores but /proc shows.
     */
    public static SocketFixtureProcess start(NetNamespace ns, List<String> jvmOptions, List<String> spec) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath().toString(), SocketFixture.class.getName()));
        command.addAll(spec);
        Path stderr;
        Process process;
        try {
            stderr = Files.createTempFile("tcpfleet-socket-fixture-", ".stderr");
            process = ns.command(command).redirectError(stderr.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the socket fixture in " + ns.name(), e);
        }
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> ReadyLine.await(process, "READY "));
        try {
            String line = ready.get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return new SocketFixtureProcess(process, stderr, Long.parseLong(line.substring("READY ".length()).trim()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            String why = e instanceof TimeoutException ? "was not READY within " + READY_TIMEOUT : e.getCause().getMessage();
            throw new IllegalStateException("socket fixture " + spec + " in " + ns.name() + " " + why
                    + "; its stderr:\n" + read(stderr), e);
        }
    }

    /** The fixture's pid, as {@code ss -p} and /proc show it. */
    public long pid() {
        return pid;
    }

    /** Closes the fixture's stdin, which makes it exit; kills it if it does not. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Files.deleteIfExists(stderr);
        } catch (IOException e) {
            // a temp file left behind is not worth failing a test for
        }
    }

    /** The folder or jar this class came from: the fixture needs nothing else. */
    private static Path classpath() {
        try {
            return Path.of(SocketFixture.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
