package dev.tcpfleet.agent.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcpfleet.agent.procfs.ProcFs;
import dev.tcpfleet.protocol.HostIdentity;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.TcpState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotCollectorTest {
    private static final HostIdentity HOST = new HostIdentity("h-1", "web-1", Map.of("env", "test"), "0.1.0");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T10:00:00.123456789Z"), ZoneOffset.UTC);

    @Test
    void countsStatesAcrossIpv4AndIpv6Tables(@TempDir Path proc) throws IOException {
        Files.createDirectories(proc.resolve("net"));
        Files.writeString(proc.resolve("net/tcp"), TcpTableParserFixtures.TCP);
        Files.writeString(proc.resolve("net/tcp6"), TcpTableParserFixtures.TCP6);

        HostSnapshot snapshot = new SnapshotCollector(new ProcFs(proc), HOST, CLOCK).collect();

        assertEquals(Map.of(TcpState.LISTEN, 2, TcpState.ESTABLISHED, 2, TcpState.TIME_WAIT, 1), snapshot.tcpStates());
        assertEquals(HOST, snapshot.host());
        assertEquals(Instant.parse("2026-11-25T10:00:00.123456Z"), snapshot.collectedAt());
        assertEquals(HostSnapshot.SCHEMA_VERSION, snapshot.schemaVersion());
    }

    @Test
    void aHostWithoutIpv6IsNotAnError(@TempDir Path proc) throws IOException {
        Files.createDirectories(proc.resolve("net"));
        Files.writeString(proc.resolve("net/tcp"), TcpTableParserFixtures.TCP);

        HostSnapshot snapshot = new SnapshotCollector(new ProcFs(proc), HOST, CLOCK).collect();

        assertEquals(Map.of(TcpState.LISTEN, 1, TcpState.ESTABLISHED, 1, TcpState.TIME_WAIT, 1), snapshot.tcpStates());
    }
}
