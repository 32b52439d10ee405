package dev.tcpfleet.agent.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.agent.procfs.ProcFs;
import dev.tcpfleet.agent.procfs.TcpTableParserTest;
import dev.tcpfleet.domain.findings.FindingThresholds;
import dev.tcpfleet.protocol.DestinationUsage;
import dev.tcpfleet.protocol.EphemeralPorts;
import dev.tcpfleet.protocol.HostIdentity;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.ListenerQueue;
import dev.tcpfleet.protocol.PortUsage;
import dev.tcpfleet.protocol.ProcessSockets;
import dev.tcpfleet.protocol.SysctlDrift;
import dev.tcpfleet.protocol.TcpState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotCollectorTest {
    private static final HostIdentity HOST = new HostIdentity("h-1", "web-1", Map.of("env", "test"), "0.1.0");
    // backlogs come from the real sock_diag, which knows nothing of fixture tables
    private static final SnapshotSettings FIXTURE_SETTINGS = new SnapshotSettings(20, 20, 50, 50, true, null,
            FindingThresholds.defaults(), Map::of, CommandLines.redacted());
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T10:00:00.123456789Z"), ZoneOffset.UTC);

    private static HostSnapshot collect(Path proc) {
        return new SnapshotCollector(new ProcFs(proc), HOST, CLOCK, FIXTURE_SETTINGS).collect();
    }

    private static void tables(Path proc, String tcp, String tcp6) throws IOException {
        Files.createDirectories(proc.resolve("net"));
        Files.createDirectories(proc.resolve("sys/net/ipv4"));
        Files.writeString(proc.resolve("sys/net/ipv4/ip_local_port_range"), "32768\t60999\n");
        Files.writeString(proc.resolve("net/tcp"), tcp);
        if (tcp6 != null) {
            Files.writeString(proc.resolve("net/tcp6"), tcp6);
        }
    }

    @Test
    void countsStatesAcrossIpv4AndIpv6Tables(@TempDir Path proc) throws IOException {
        tables(proc, TcpTableParserFixtures.TCP, TcpTableParserFixtures.TCP6);

        HostSnapshot snapshot = collect(proc);

        assertEquals(Map.of(TcpState.LISTEN, 2, TcpState.ESTABLISHED, 2, TcpState.TIME_WAIT, 1), snapshot.tcpStates());
        assertEquals(HOST, snapshot.host());
        assertEquals(Instant.parse("2026-11-25T10:00:00.123456Z"), snapshot.collectedAt());
        assertEquals(HostSnapshot.SCHEMA_VERSION, snapshot.schemaVersion());
    }

    @Test
    void splitsPortsListenersAndOutboundDestinations(@TempDir Path proc) throws IOException {
        tables(proc, TcpTableParserFixtures.TCP, TcpTableParserFixtures.TCP6);

        HostSnapshot snapshot = collect(proc);

        assertEquals(List.of(
                new PortUsage(8080, 3, Map.of(TcpState.LISTEN, 1, TcpState.ESTABLISHED, 2)),
                new PortUsage(80, 1, Map.of(TcpState.LISTEN, 1)),
                new PortUsage(54322, 1, Map.of(TcpState.TIME_WAIT, 1))), snapshot.topPorts());
        assertEquals(List.of(new ListenerQueue("::1", 80, 128, null), new ListenerQueue("127.0.0.1", 8080, 3, null)),
                snapshot.listeners());
        // the established sockets are on the listening port 8080, so only the TIME_WAIT one is outbound
        assertEquals(List.of(new DestinationUsage("127.0.0.1", 8080, 1, Map.of(TcpState.TIME_WAIT, 1), 1, 28232,
                List.of())), snapshot.topDestinations());
        assertEquals(new EphemeralPorts(32768, 60999, 1 / 28232.0, "127.0.0.1:8080"), snapshot.ephemeralPorts());
    }

    @Test
    void attributesSocketsToTheProcessesHoldingThem(@TempDir Path proc) throws IOException {
        tables(proc, TcpTableParserFixtures.TCP, TcpTableParserFixtures.TCP6);
        Path fd = Files.createDirectories(proc.resolve("4242/fd"));
        Files.createSymbolicLink(fd.resolve("3"), Path.of("socket:[41234]"));  // the 8080 listener
        Files.createSymbolicLink(fd.resolve("4"), Path.of("socket:[41300]"));  // its established peer
        Files.createSymbolicLink(fd.resolve("5"), Path.of("socket:[999999]")); // a UDP or other netns socket
        Files.createSymbolicLink(fd.resolve("6"), Path.of("/dev/null"));
        Files.writeString(proc.resolve("4242/comm"), "java\n");
        Files.write(proc.resolve("4242/cmdline"), "/usr/bin/java\0-jar\0app.jar\0".getBytes());
        Files.createDirectories(proc.resolve("77/fd"));
        Files.createSymbolicLink(proc.resolve("77/fd/0"), Path.of("socket:[5555]"));

        HostSnapshot snapshot = collect(proc);

        assertEquals(List.of(
                new ProcessSockets(4242, "java", "/usr/bin/java -jar app.jar", ProcessSockets.Runtime.JAVA, 2,
                        Map.of(TcpState.LISTEN, 1, TcpState.ESTABLISHED, 1)),
                new ProcessSockets(77, "?", "", ProcessSockets.Runtime.OTHER, 1, Map.of(TcpState.LISTEN, 1))),
                snapshot.processes());
    }

    @Test
    void aDescriptorReusedForANewSocketIsReadAgainOnTheNextCollection(@TempDir Path proc) throws IOException {
        tables(proc, TcpTableParserFixtures.TCP, null);
        Path fd = Files.createDirectories(proc.resolve("4242/fd"));
        Files.createSymbolicLink(fd.resolve("3"), Path.of("socket:[41234]"));
        Files.createSymbolicLink(fd.resolve("4"), Path.of("socket:[41300]"));
        SnapshotCollector collector = new SnapshotCollector(new ProcFs(proc), HOST, CLOCK,
                FIXTURE_SETTINGS);
        assertEquals(Map.of(TcpState.LISTEN, 1, TcpState.ESTABLISHED, 1), collector.collect().processes().get(0).states());

        // the established socket closed and descriptor 4 now holds a new one, in CLOSE_WAIT
        String closeWait = TcpTableParserTest.ESTABLISHED.replace(" 01 ", " 08 ").replace(" 41300 ", " 41301 ");
        Files.writeString(proc.resolve("net/tcp"), TcpTableParserTest.TCP_HEADER + TcpTableParserTest.LISTEN_8080 + closeWait);
        Files.delete(fd.resolve("4"));
        Files.createSymbolicLink(fd.resolve("4"), Path.of("socket:[41301]"));

        assertEquals(Map.of(TcpState.LISTEN, 1, TcpState.CLOSE_WAIT, 1), collector.collect().processes().get(0).states());
    }

    @Test
    void managedSysctlsThatNoLongerHoldTheAppliedValueAreDrift(@TempDir Path proc) throws IOException {
        tables(proc, TcpTableParserFixtures.TCP, null);
        Files.createDirectories(proc.resolve("sys/net/core"));
        Files.writeString(proc.resolve("sys/net/core/somaxconn"), "4096\n");
        Files.writeString(proc.resolve("sys/net/ipv4/tcp_fin_timeout"), "30\n");
        Map<String, SysctlDrift> applied = Map.of(
                "net.core.somaxconn", new SysctlDrift("8192", null, "c-1"),
                "net.ipv4.tcp_fin_timeout", new SysctlDrift("30", null, "c-2"));

        HostSnapshot snapshot = new SnapshotCollector(new ProcFs(proc), HOST, CLOCK,
                FIXTURE_SETTINGS.withManaged(() -> applied)).collect();

        assertEquals(Map.of("net.core.somaxconn", new SysctlDrift("8192", "4096", "c-1")), snapshot.drift());
    }

    @Test
    void aHostWithoutIpv6IsNotAnError(@TempDir Path proc) throws IOException {
        tables(proc, TcpTableParserFixtures.TCP, null);

        HostSnapshot snapshot = collect(proc);

        assertEquals(Map.of(TcpState.LISTEN, 1, TcpState.ESTABLISHED, 1, TcpState.TIME_WAIT, 1), snapshot.tcpStates());
        assertEquals("absent", snapshot.unavailable().get("net/tcp6"));
    }

    @Test
    void theRealProcOfThisMachineIsReadable() {
        HostSnapshot snapshot = new SnapshotCollector(new ProcFs(Path.of("/proc")), HOST, CLOCK,
                SnapshotSettings.defaults()).collect();

        assertTrue(snapshot.totalSockets() >= 0);
        assertTrue(snapshot.ephemeralPorts().rangeSize() > 0, snapshot.ephemeralPorts().toString());
    }
}
