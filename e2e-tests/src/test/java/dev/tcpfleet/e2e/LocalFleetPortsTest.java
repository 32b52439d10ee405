package dev.tcpfleet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.testing.FreePorts;
import dev.tcpfleet.testing.RepoPaths;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/local-fleet} with one of its ports already taken: it names the port in one line and starts nothing, not
 * even a build, so the person learns which setting to change instead of "Kafka exited; see the logs".
 */
class LocalFleetPortsTest {
    @TempDir
    Path state;

    @Test
    void aBusyApiPortIsNamedInOneLineBeforeAnythingStarts() throws Exception {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = busy.getLocalPort();

            Run run = localFleet(Map.of("TCPFLEET_HTTP_PORT", String.valueOf(port)));

            assertEquals(1, run.exit, run::toString);
            assertEquals("[local-fleet] port " + port + " (the control plane's API) is already in use: stop what"
                    + " listens there or set TCPFLEET_HTTP_PORT\n", run.err, run::toString);
            assertEquals("", run.out, run::toString);
            try (Stream<Path> files = Files.list(state)) {
                assertEquals(0, files.count(), "nothing started, so nothing written to " + state);
            }
        }
    }

    @Test
    void theBrokersControllerPortCountsToo() throws Exception {
        int kafka = FreePorts.next();
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), kafka + 1));

            Run run = localFleet(Map.of("TCPFLEET_KAFKA_PORT", String.valueOf(kafka)));

            assertEquals(1, run.exit, run::toString);
            assertTrue(run.err.startsWith("[local-fleet] port " + (kafka + 1) + " (the embedded Kafka broker's"
                    + " controller, the broker's port + 1) is already in use"), run::toString);
            assertEquals(1, run.err.lines().count(), run::toString);
        }
    }

    private record Run(int exit, String out, String err) {
    }

    private Run localFleet(Map<String, String> settings) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", RepoPaths.root().resolve("bin/local-fleet").toString());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("TCPFLEET_") || name.equals("KAFKA_BOOTSTRAP_SERVERS"));
        // the script checks for java first: the test's own, whatever the PATH
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + env.getOrDefault("PATH", "/bin"));
        env.put("TCPFLEET_LOCAL_DIR", state.toString());
        env.put("TCPFLEET_HTTP_PORT", String.valueOf(FreePorts.next()));
        env.put("TCPFLEET_AGENT_HTTP_PORT", String.valueOf(FreePorts.next()));
        env.put("TCPFLEET_KAFKA_PORT", String.valueOf(FreePorts.next()));
        env.putAll(settings);
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("local-fleet did not stop at the busy port\n" + out + err);
        }
        return new Run(process.exitValue(), out, err);
    }
}
