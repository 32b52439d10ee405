package dev.tcpfleet.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Debian's {@code prometheus} (2.42) scraping {@code /q/metrics} of the given targets every second, on a free
 * loopback port with its database in a temporary folder; closing it (or the JVM's exit) stops it and deletes the
 * folder.
 */
public final class PrometheusServer implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/bin/prometheus");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path folder;
    private final int port;
    private final ExitCleanup cleanup;

    private PrometheusServer(Process process, Path folder, int port) {
        this.process = process;
        this.folder = folder;
        this.port = port;
        this.cleanup = new ExitCleanup("prometheus-cleanup", this::stopAndDelete);
    }

    /** Starts Prometheus scraping each job's targets ({@code host:port}) and waits until it is ready. */
    public static PrometheusServer start(Map<String, List<String>> targetsByJob) {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError(BINARY + " is missing: install Debian's prometheus package");
        }
        Path folder = null;
        PrometheusServer server = null;
        try {
            folder = Files.createTempDirectory("tcpfleet-prometheus-");
            Files.writeString(folder.resolve("prometheus.yml"), config(targetsByJob));
            int port = FreePorts.next();
            Process process = new ProcessBuilder(BINARY.toString(),
                    "--config.file=" + folder.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + folder.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(folder.resolve("prometheus.log").toFile()).start();
            server = new PrometheusServer(process, folder, port);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            cleanUp(server, folder);
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            cleanUp(server, folder);
            throw e;
        }
    }

    /** After a failed start: stops what started, deletes what was made. */
    private static void cleanUp(PrometheusServer server, Path folder) {
        if (server != null) {
            server.close();
        } else if (folder != null) {
            delete(folder);
        }
    }

    static String config(Map<String, List<String>> targetsByJob) {
        return """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                scrape_configs:
                """ + targetsByJob.entrySet().stream().map(job -> """
                  - job_name: %s
                    metrics_path: /q/metrics
                    static_configs:
                      - targets: [%s]
                """.formatted(job.getKey(), job.getValue().stream().map(target -> "'" + target + "'")
                        .collect(Collectors.joining(", ")))).collect(Collectors.joining());
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** What Prometheus logged so far, for a failure's message. */
    public String log() {
        try {
            return Files.readString(folder.resolve("prometheus.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("prometheus exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/-/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while prometheus started", e);
            }
            try {
                process.waitFor(200, TimeUnit.MILLISECONDS); // a short wait that ends early if it dies
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while prometheus started", e);
            }
        }
        throw new AssertionError("prometheus not ready within " + START_TIMEOUT + ":\n" + log());
    }

    @Override
    public void close() {
        cleanup.run();
    }

    private void stopAndDelete() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        delete(folder);
    }

    private static void delete(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary folder is no reason to fail a test
        }
    }
}
