package dev.tcpfleet.controlplane.alerts.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tcpfleet.testing.ExitCleanup;
import dev.tcpfleet.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * Debian's Alertmanager ({@code /usr/bin/prometheus-alertmanager}) on a free port, clustering off, routing every alert
 * at once (group_wait and group_interval 1s) to a webhook receiver served here. It can be stopped and started again
 * on the same port with fresh storage, as after a crash that lost its disk.
 */
final class RealAlertmanager implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Each alert of each notification the receiver took, in arrival order. */
    final List<JsonNode> notified = new CopyOnWriteArrayList<>();
    private final int port = FreePorts.next();
    private final HttpServer receiver;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Path> dirs = new CopyOnWriteArrayList<>();
    private volatile Process process;
    /** Kills it and deletes its folders when the test closes it, or when the JVM exits first. */
    private final ExitCleanup cleanup = new ExitCleanup("alertmanager-cleanup-" + port, this::cleanUp);

    RealAlertmanager() {
        try {
            receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        receiver.createContext("/notified", exchange -> {
            try (exchange) {
                JSON.readTree(exchange.getRequestBody()).path("alerts").forEach(notified::add);
                exchange.sendResponseHeaders(200, -1);
            }
        });
        receiver.start();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts it with empty storage and waits until it is ready. */
    void start() throws IOException {
        Path dir = Files.createTempDirectory("tcpfleet-alertmanager");
        dirs.add(dir);
        Path config = Files.writeString(dir.resolve("alertmanager.yml"), """
                route:
                  receiver: test
                  group_by: [alertname, host]
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: test
                    webhook_configs:
                      - url: http://127.0.0.1:%d/notified
                        send_resolved: true
                """.formatted(receiver.getAddress().getPort()));
        process = new ProcessBuilder(BINARY.toString(), "--config.file=" + config,
                "--storage.path=" + Files.createDirectory(dir.resolve("data")),
                "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=")
                .redirectErrorStream(true).redirectOutput(dir.resolve("alertmanager.log").toFile()).start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("alertmanager exited: "
                            + Files.readString(dir.resolve("alertmanager.log")));
                }
                return status("/-/ready") == 200;
            });
        } catch (RuntimeException e) {
            process.destroyForcibly(); // not left running by a start that failed
            throw e;
        }
    }

    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            process = null;
        }
    }

    /** The alerts it holds active ({@code GET /api/v2/alerts}: resolved ones are left out). */
    List<JsonNode> alerts() throws IOException, InterruptedException {
        List<JsonNode> alerts = new ArrayList<>();
        JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(url() + "/api/v2/alerts")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).forEach(alerts::add);
        return alerts;
    }

    private int status(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url() + path)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            stop();
        } finally {
            cleanup.run();
        }
    }

    private void cleanUp() {
        Process running = process;
        if (running != null) {
            running.destroyForcibly();
        }
        receiver.stop(0);
        for (Path dir : dirs) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
