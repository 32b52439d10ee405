package dev.tcpfleet.agent.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.stress.StressKind;
import dev.tcpfleet.protocol.stress.StressResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code host-agent test} against a loopback listener whose kernel completes the handshakes. */
class StressTestCommandTest {
    private final CapturedRun command = new CapturedRun();
    private ServerSocketChannel listener;
    private String target;

    @BeforeEach
    void listen() throws IOException {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        target = "127.0.0.1:" + listener.socket().getLocalPort();
    }

    @AfterEach
    void close() throws IOException {
        listener.close();
    }

    @Test
    void printsTheProbeAndTheLoadSideBySide() {
        assertEquals(0, command.run("test", "--target", target, "--connections", "40", "--concurrency", "8",
                "--probes", "3"), command::stderr);

        for (String line : new String[] {"latency probe", "connection load", "succeeded", "refused", "timeout",
                "reset", "unreachable", "connect p99", "connections/s"}) {
            assertTrue(command.stdout().contains(line), () -> line + " missing from\n" + command.stdout());
        }
        assertTrue(command.stdout().matches("(?s).*succeeded\\s+3\\s+40\n.*"), command.stdout());
    }

    @Test
    void jsonPrintsOneResultPerTestInTheWireFormat() {
        assertEquals(0, command.run("test", "--target", target, "--connections", "20", "--probes", "2", "--json"));

        String[] lines = command.stdout().strip().split("\n");
        assertEquals(2, lines.length, command.stdout());
        StressResult probe = ProtocolJson.readStressResult(lines[0].getBytes(StandardCharsets.UTF_8));
        StressResult load = ProtocolJson.readStressResult(lines[1].getBytes(StandardCharsets.UTF_8));
        assertEquals(StressKind.LATENCY_PROBE, probe.kind());
        assertEquals(2, probe.successes());
        assertEquals(20, load.successes());
    }

    @Test
    void capsApplyLocallyUnlessForced() {
        assertEquals(1, command.run("test", "--target", target, "--connections", "20", "--probes", "0",
                "--rate", "unlimited"));
        assertTrue(command.stdout().contains("refused: an unlimited rate exceeds the cap"), command.stdout());

        command.forget();
        assertEquals(0, command.run("test", "--target", target, "--connections", "20", "--probes", "0",
                "--rate", "unlimited", "--force"));
        assertTrue(command.stdout().contains("--force: no caps, no headroom check"), command.stdout());
        assertFalse(command.stdout().contains("refused:"), command.stdout());
    }

    @Test
    void everyConnectionRefusedByAClosedPortExitsThreeAndSaysWhy() throws IOException {
        String closed = "127.0.0.1:" + closedLoopbackPort();

        assertEquals(3, command.run("test", "--target", closed, "--connections", "20", "--probes", "2"),
                command::stderr);

        assertTrue(command.stdout().contains("connection load: 20 of 20 connections failed (over 5%)"),
                command.stdout());
        assertTrue(command.stdout().matches("(?s).*refused\\s+2\\s+20\n.*"), command.stdout());
    }

    @Test
    void jsonStillPrintsTheResultsWhenTheErrorRateFailsTheTest() throws IOException {
        String closed = "127.0.0.1:" + closedLoopbackPort();

        assertEquals(3, command.run("test", "--target", closed, "--connections", "10", "--probes", "0", "--json"));

        StressResult load = ProtocolJson.readStressResult(command.stdout().strip().getBytes(StandardCharsets.UTF_8));
        assertEquals(10, load.failed());
        assertEquals("host-agent: test: more than 5% of the connections failed (--max-error-rate)\n",
                command.stderr());
    }

    @Test
    void theErrorRateIsAFlag() throws IOException {
        String closed = "127.0.0.1:" + closedLoopbackPort();

        assertEquals(0, command.run("test", "--target", closed, "--connections", "10", "--probes", "0",
                "--max-error-rate", "100%"), command::stdout);
        assertFalse(command.stdout().contains("connections failed"), command.stdout());
    }

    @Test
    void aLiveListenerPassesTheDefaultErrorRate() {
        assertEquals(0, command.run("test", "--target", target, "--connections", "50", "--probes", "2"),
                command::stdout);
        assertFalse(command.stdout().contains("connections failed"), command.stdout());
    }

    /** A loopback port nothing listens on: the kernel answers every SYN with a reset, so each connect is refused. */
    private static int closedLoopbackPort() throws IOException {
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return probe.socket().getLocalPort();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--target localhost:80 --max-error-rate 150 | --max-error-rate must be a percentage from 0 to 100, "
                    + "not '150'",
            "--target localhost:80 --max-error-rate five | --max-error-rate must be a percentage from 0 to 100",
            "--connections 5 | --target HOST:PORT is required",
            "--target localhost | --target must be HOST:PORT, not 'localhost'",
            "--target ::1:80 | write an IPv6 address as [ADDRESS]:PORT",
            "--target localhost:0 | --target's port must be between 1 and 65535, not 0",
            "--target localhost:80 --connections many | --connections must be a whole number, not 'many'",
            "--target localhost:80 --concurrency | --concurrency needs a value",
            "--target localhost:80 --rate 0 | --rate must be between 1",
            "--target localhost:80 --burst 5 | unknown argument '--burst'"
    })
    void badArgumentsExitTwoWithAReason(String arguments, String reason) {
        String[] args = ("test " + arguments).split(" ");

        assertEquals(2, command.run(args));

        String stderr = command.stderr();
        assertTrue(stderr.contains(reason), stderr);
        assertFalse(stderr.contains("Exception"), stderr);
        assertEquals("", command.stdout());
    }
}
