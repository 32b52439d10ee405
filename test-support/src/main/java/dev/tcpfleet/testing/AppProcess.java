package dev.tcpfleet.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A packaged tcpfleet application (control plane or host agent) running as its own JVM, configured by
 * system properties, with its output in a log file beside the build's other reports. The properties (signing keys,
 * tokens, passwords among them) reach the JVM through a 0600 argument file ({@code java @file}), never its command
 * line, which any local user reads in {@code /proc/PID/cmdline}; the file is deleted when the app is stopped.
 */
public final class AppProcess implements AutoCloseable {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final String name;
    private final Process process;
    private final Path log;
    private final int httpPort;
    private final Path argumentFile;

    private AppProcess(String name, Process process, Path log, int httpPort, Path argumentFile) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
        this.argumentFile = argumentFile;
    }

    /**
     * Starts {@code module}'s {@code target/quarkus-app/quarkus-run.jar}, optionally behind a command
     * prefix (e.g. {@code ip netns exec host1}), on a free HTTP port.
     */
    public static AppProcess start(String name, String module, Map<String, String> properties, List<String> prefix,
            List<String> args) {
        return start(name, module, properties, Map.of(), prefix, args);
    }

    /**
     * As {@link #start(String, String, Map, List, List)}, with {@code environment} added to the app's own: where
     * passwords and keys go, since any local user can read a command line.
     */
    public static AppProcess start(String name, String module, Map<String, String> properties,
            Map<String, String> environment, List<String> prefix, List<String> args) {
        Path jar = RepoPaths.built(module + "/target/quarkus-app/quarkus-run.jar");
        int port = FreePorts.next();
        Map<String, String> all = new LinkedHashMap<>(properties);
        all.put("quarkus.http.port", String.valueOf(port));
        try {
            Path argumentFile = argumentFile(all);
            List<String> command = new ArrayList<>(prefix);
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx256m");
            command.add("@" + argumentFile);
            command.add("-jar");
            command.add(jar.toString());
            command.addAll(args);
            Path logs = Files.createDirectories(RepoPaths.root().resolve("e2e-tests/target/app-logs"));
            Path log = logs.resolve(name + "-" + Instant.now().toEpochMilli() + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            AppProcess app = new AppProcess(name, process, log, port, argumentFile);
            Runtime.getRuntime().addShutdownHook(new Thread(app::kill));
            return app;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name, e);
        }
    }

    /** {@code -Dkey=value} lines, each quoted as the java launcher reads argument files, in a file only we can read. */
    private static Path argumentFile(Map<String, String> properties) throws IOException {
        Path file = Files.createTempFile("tcpfleet-app-", ".args", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        StringBuilder text = new StringBuilder();
        properties.forEach((key, value) -> text.append('"').append(("-D" + key + "=" + value)
                .replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append("\"\n"));
        return Files.writeString(file, text);
    }

    public static AppProcess start(String name, String module, Map<String, String> properties) {
        return start(name, module, properties, List.of(), List.of());
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** The JVM's pid: a prefix such as {@code ip netns exec} execs into java, so it is the same process. */
    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /** Waits until /q/health/ready answers 200, failing early with the log's location if the app exits. */
    public AppProcess awaitReady(Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                process.waitFor(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + "; see " + log);
    }

    /** The exit status once the process has ended by itself, failing if it still runs after {@code timeout}. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(name + " still runs after " + timeout + "; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.exitValue();
    }

    /** SIGTERM, as an orchestrator stopping the app sends; the exit status, failing if it runs past {@code bound}. */
    public int terminate(Duration bound) {
        process.destroy();
        return awaitExit(bound);
    }

    /** SIGTERM, then SIGKILL if it does not stop in time. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
        deleteArgumentFile();
    }

    /** SIGKILL, as a crash or the OOM killer would: no shutdown hooks run. Returns once the process is gone. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteArgumentFile();
    }

    private void deleteArgumentFile() {
        try {
            Files.deleteIfExists(argumentFile);
        } catch (IOException e) {
            // a 0600 file in the temp folder: not worth failing a test over
        }
    }
}
