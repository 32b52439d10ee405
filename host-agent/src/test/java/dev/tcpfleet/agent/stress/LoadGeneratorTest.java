package dev.tcpfleet.agent.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.protocol.stress.ConnectLatencies;
import dev.tcpfleet.protocol.stress.FailureClass;
import dev.tcpfleet.protocol.stress.StressKind;
import dev.tcpfleet.protocol.stress.StressRequest;
import dev.tcpfleet.protocol.stress.StressResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The generator against real loopback sockets. Timeouts are generous and every assertion is on counts, never on
 * speed, so a loaded machine makes the tests slower, not red.
 */
class LoadGeneratorTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final long TIMEOUT_MILLIS = 10_000;
    private static final long DURATION_MILLIS = 120_000;

    private static StressRequest request(int port, int connections, int concurrency, String payload, int read,
                                         long connectTimeoutMillis) {
        return new StressRequest(StressRequest.SCHEMA_VERSION, "t", StressKind.CONNECT_LOAD, LOOPBACK.getHostAddress(),
                port, connections, concurrency, null, payload, null, read, connectTimeoutMillis, DURATION_MILLIS);
    }

    private static StressResult run(StressRequest request) throws IOException {
        return new LoadGenerator(request, new InetSocketAddress(LOOPBACK, request.port())).run(Clock.systemUTC());
    }

    private static Map<FailureClass, Long> only(FailureClass failureClass, long count) {
        Map<FailureClass, Long> failures = new java.util.EnumMap<>(FailureClass.class);
        for (FailureClass each : FailureClass.values()) {
            failures.put(each, each == failureClass ? count : 0L);
        }
        return failures;
    }

    @Test
    void everyConnectionToAnEchoServerSucceedsWithItsLatencyRecorded() throws IOException {
        try (LoopbackServer server = new LoopbackServer(LoopbackServer.Mode.ECHO, 5)) {
            StressResult result = run(request(server.port(), 200, 20, "ping\n", 5, TIMEOUT_MILLIS));

            assertNull(result.refusal());
            assertEquals(200, result.attempted());
            assertEquals(200, result.successes());
            assertEquals(0, result.failed(), () -> result.failures().toString());
            assertEquals(0, result.cutShort());
            assertEquals(200 * 5, result.bytesRead());
            assertEquals(200, result.latency().count());
            assertEquals(200, ConnectLatencies.decode(result.connectLatencies()).getTotalCount());
            assertTrue(result.achievedRate() > 0);
            assertEquals(200, server.served());
        }
    }

    @Test
    void connectOnlyConnectionsNeedNoServerCode() throws IOException {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(LOOPBACK, 0), 4096);
            // the kernel completes handshakes into the accept queue; nobody needs to accept a connect-only test
            StressResult result = run(request(listener.socket().getLocalPort(), 50, 10, null, 0, TIMEOUT_MILLIS));

            assertEquals(50, result.successes());
            assertEquals(50, result.latency().count());
            assertEquals(0, result.bytesRead());
        }
    }

    @Test
    void aClosedPortRefuses() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
            port = probe.getLocalPort();
        }
        StressResult result = run(request(port, 30, 10, null, 0, TIMEOUT_MILLIS));

        assertEquals(only(FailureClass.REFUSED, 30), result.failures());
        assertEquals(0, result.successes());
        assertEquals(0, result.latency().count());
    }

    /** Linux drops a SYN to a listener whose accept queue is full, so the client retries until it gives up. */
    @Test
    void aFullAcceptQueueTimesOut() throws IOException {
        List<Socket> queued = new ArrayList<>();
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(LOOPBACK, 0), 1);
            InetSocketAddress address = new InetSocketAddress(LOOPBACK, listener.socket().getLocalPort());
            boolean full = false;
            while (!full && queued.size() < 50) {
                Socket socket = new Socket();
                try {
                    socket.connect(address, 1_000);
                    queued.add(socket);
                } catch (SocketTimeoutException e) {
                    socket.close();
                    full = true;
                }
            }
            assertTrue(full, "the accept queue never filled after " + queued.size() + " connections");

            StressResult result = run(request(address.getPort(), 3, 3, null, 0, 1_000));

            assertEquals(only(FailureClass.TIMEOUT, 3), result.failures());
            assertEquals(0, result.successes());
        } finally {
            for (Socket socket : queued) {
                socket.close();
            }
        }
    }

    @Test
    void aServerThatResetsWhileTheClientReadsCountsAsReset() throws IOException {
        try (LoopbackServer server = new LoopbackServer(LoopbackServer.Mode.RESET, 4)) {
            StressResult result = run(request(server.port(), 20, 5, "ping", 100, TIMEOUT_MILLIS));

            assertEquals(only(FailureClass.RESET, 20), result.failures());
            assertEquals(20, result.latency().count(), "each connected before the reset");
        }
    }

    @Test
    void theDurationCapCutsOpenConnectionsShort() throws IOException {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(LOOPBACK, 0), 4096);
            // connected but never answered: each waits to read until the cap ends the test
            StressRequest request = new StressRequest(StressRequest.SCHEMA_VERSION, "t", StressKind.CONNECT_LOAD,
                    LOOPBACK.getHostAddress(), listener.socket().getLocalPort(), 10, 10, null, "hi", null, 1,
                    DURATION_MILLIS, 300);

            StressResult result = run(request);

            assertEquals(10, result.attempted());
            assertEquals(10, result.cutShort());
            assertEquals(0, result.successes() + result.failed());
        }
    }

    @Test
    void aRateCapSpacesTheStarts() throws IOException {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(LOOPBACK, 0), 4096);
            StressRequest request = new StressRequest(StressRequest.SCHEMA_VERSION, "t", StressKind.CONNECT_LOAD,
                    LOOPBACK.getHostAddress(), listener.socket().getLocalPort(), 20, 20, 50, null, null, 0,
                    TIMEOUT_MILLIS, DURATION_MILLIS);

            StressResult result = run(request);

            assertEquals(20, result.successes());
            // 20 starts at 50 a second take at least 19 intervals of 20 ms, however slow the machine
            assertTrue(result.elapsedMillis() >= 19 * 20 - 1, () -> result.elapsedMillis() + " ms");
        }
    }
}
