package dev.tcpfleet.domain.lb;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rendered configs in the real HAProxy and nginx (Debian's packages): each must pass the binary's own check
 * without a warning, then carry real requests to two backends, forwarding the client's address and reusing backend
 * connections.
 */
class RealLoadBalancersIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final int REQUESTS = 20;

    @TempDir
    Path dir;

    private final List<RecordingBackend> backends = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void twoBackends() throws IOException {
        backends.add(new RecordingBackend("backend-a"));
        backends.add(new RecordingBackend("backend-b"));
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (Process process : processes) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        backends.forEach(RecordingBackend::close);
    }

    @Test
    void haproxyAcceptsItsConfigAndBalancesRealTraffic() throws Exception {
        Path haproxy = binary("haproxy");
        int port = freePort();
        Path config = Files.writeString(dir.resolve("haproxy.cfg"), HaproxyRenderer.render(spec(port)));

        // -dW turns every warning into a failure, such as the old script's httplog without a log target
        String check = run(haproxy.toString(), "-dW", "-c", "-f", config.toString());
        assertTrue(check.contains("Configuration file is valid"), check);

        Path log = start("haproxy", haproxy.toString(), "-db", "-f", config.toString());
        balancesRealTraffic(port, log);
        assertTrue(backends.stream().allMatch(RecordingBackend::healthChecked),
                "HAProxy's active check did not reach every backend's " + RecordingBackend.HEALTH_PATH);
    }

    @Test
    void nginxAcceptsItsConfigAndBalancesRealTraffic() throws Exception {
        Path nginx = binary("nginx");
        int port = freePort();
        Path config = Files.writeString(dir.resolve("nginx.conf"), NginxRenderer.standalone(spec(port)));
        String prefix = dir + File.separator;

        // -e stderr: the packaged binary would otherwise open its compiled-in error log before reading the config
        String check = run(nginx.toString(), "-t", "-p", prefix, "-e", "stderr", "-c", config.toString());
        assertTrue(check.contains("test is successful"), check);
        assertFalse(check.contains("[warn]"), check);

        Path log = start("nginx", nginx.toString(), "-p", prefix, "-e", "stderr", "-c", config.toString(),
                "-g", "daemon off;");
        balancesRealTraffic(port, log);
    }

    private LbSpec spec(int port) {
        return LbSpec.builder()
                .backends(backends.stream().map(RecordingBackend::backend).toList())
                .bindAddress("127.0.0.1").bindPort(port)
                .healthPath(RecordingBackend.HEALTH_PATH).checkIntervalMs(200)
                .build();
    }

    private void balancesRealTraffic(int port, Path log) throws Exception {
        await("the balancer accepting on port " + port).atMost(PATIENCE).pollInterval(Duration.ofMillis(50))
                .until(() -> accepting(port, log));
        URI uri = URI.create("http://127.0.0.1:" + port + "/hello");
        List<String> answeredBy = new ArrayList<>();
        await("both backends answering through the balancer").atMost(PATIENCE).until(() -> {
            answeredBy.add(get(uri));
            return answeredBy.size() >= REQUESTS
                    && backends.stream().allMatch(b -> answeredBy.contains(b.name()));
        });

        List<RecordingBackend.Seen> proxied = backends.stream().flatMap(b -> b.proxied().stream()).toList();
        assertEquals(answeredBy.size(), proxied.size(), "every request reached a backend once");
        assertTrue(proxied.stream().allMatch(s -> "127.0.0.1".equals(s.forwardedFor())),
                "X-Forwarded-For should carry the client's address: " + proxied);
        long connections = proxied.stream().map(RecordingBackend.Seen::remotePort).distinct().count();
        assertTrue(connections < proxied.size(), "backend connections should be reused (the old httpclose closed "
                + "each one): " + connections + " connections for " + proxied.size() + " requests");
    }

    private String get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private boolean accepting(int port, Path log) throws IOException {
        for (Process process : processes) {
            if (!process.isAlive()) {
                fail("the balancer exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private Path start(String name, String... command) throws IOException {
        Path log = dir.resolve(name + ".out");
        processes.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start());
        return log;
    }

    /** Runs a command to its end and returns what it printed; a failure exit fails the test with that output. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish:\n" + output);
        }
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + output);
        return output;
    }

    /** The binary from PATH or the sbin folders, which a non-root PATH may lack. */
    private static Path binary(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin" + File.pathSeparator
                + "/sbin" + File.pathSeparator + "/usr/local/sbin";
        Optional<Path> found = Stream.of(path.split(File.pathSeparator)).filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst();
        String missing = name + " is not installed (Debian: apt-get install -y " + name + "; .ci/run does it)";
        if (found.isEmpty() && System.getenv("CI") != null) {
            fail(missing + ", and CI must run this test");
        }
        assumeTrue(found.isPresent(), missing);
        return found.get();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
