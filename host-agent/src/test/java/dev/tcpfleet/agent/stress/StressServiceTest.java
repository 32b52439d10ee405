package dev.tcpfleet.agent.stress;

import dev.tcpfleet.domain.stress.TargetAllowlist;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.agent.procfs.CapturedProc;
import dev.tcpfleet.agent.procfs.ProcFs;
import dev.tcpfleet.protocol.stress.StressKind;
import dev.tcpfleet.protocol.stress.StressRequest;
import dev.tcpfleet.protocol.stress.StressResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entry point the fleet command path calls: a request in, a result out, refusals included. */
class StressServiceTest {

    private static StressRequest request(int port, int connections) {
        return new StressRequest(StressRequest.SCHEMA_VERSION, "c-1", StressKind.CONNECT_LOAD, "127.0.0.1", port,
                connections, 10, 1000, "ping", null, 4, 10_000, 60_000);
    }

    private static StressService fleet(ProcFs procFs, String cidr) {
        return new StressService(StressGuardrails.fleet(StressLimits.defaults(),
                TargetAllowlist.of(List.of(cidr), List.of("1-65535"))), new HeadroomReader(procFs), Clock.systemUTC());
    }

    @Test
    void anAllowedTestRunsAndReportsUnderItsId(@TempDir Path root) throws IOException {
        try (LoopbackServer server = new LoopbackServer(LoopbackServer.Mode.ECHO, 4)) {
            StressResult result = fleet(CapturedProc.copyTo(root), "127.0.0.0/8").run(request(server.port(), 30));

            assertNull(result.refusal());
            assertEquals("c-1", result.testId());
            assertEquals(30, result.successes());
        }
    }

    @Test
    void aTargetOffTheAllowlistGetsNoConnection(@TempDir Path root) throws IOException {
        try (LoopbackServer server = new LoopbackServer(LoopbackServer.Mode.ECHO, 4)) {
            StressResult result = fleet(CapturedProc.copyTo(root), "10.0.0.0/8").run(request(server.port(), 30));

            assertTrue(result.wasRefused());
            assertTrue(result.refusal().contains("allowlist"), result.refusal());
            assertEquals(0, result.attempted());
            assertEquals(0, server.served());
        }
    }

    @Test
    void tooLittleHeadroomRefusesBeforeAnyConnection(@TempDir Path root) throws IOException {
        ProcFs procFs = CapturedProc.copyTo(root);
        CapturedProc.write(root, "sys/net/ipv4/ip_local_port_range", "60000\t60039\n"); // 40 ports
        try (LoopbackServer server = new LoopbackServer(LoopbackServer.Mode.ECHO, 4)) {
            StressResult result = fleet(procFs, "127.0.0.0/8").run(request(server.port(), 30));

            assertTrue(result.refusal().startsWith("not enough headroom: the test needs up to 30 ephemeral ports"),
                    result.refusal());
            assertEquals(0, server.served());
        }
    }
}
