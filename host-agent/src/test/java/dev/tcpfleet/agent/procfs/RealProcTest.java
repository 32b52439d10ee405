package dev.tcpfleet.agent.procfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tcpfleet.agent.procfs.SysctlReader.PortRange;
import dev.tcpfleet.protocol.HostLimits;
import dev.tcpfleet.protocol.LoadAverage;
import dev.tcpfleet.protocol.SocketMemory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The readers against this machine's own /proc: the formats they were written for are the ones it has. */
class RealProcTest {
    private static final ProcFs PROC = new ProcFs(Path.of("/proc"));

    private final Map<String, String> unavailable = new HashMap<>();

    @BeforeAll
    static void onLinux() {
        assumeTrue(Files.isReadable(Path.of("/proc/net/snmp")), "no Linux /proc here");
    }

    @Test
    void aProcSysNumberIsReadWhole() throws IOException {
        String somaxconn = Files.readAllLines(Path.of("/proc/sys/net/core/somaxconn")).get(0);

        assertEquals(Optional.of(somaxconn), PROC.readSmall("sys/net/core/somaxconn"));
    }

    @Test
    void tcpCounters() {
        Map<String, Long> totals = new NetCounterReader(PROC).read(unavailable);

        assertTrue(totals.get("CurrEstab") >= 0);
        assertTrue(totals.get("InSegs") >= 0);
        assertFalse(unavailable.containsKey("tcpCounters.Tcp"), unavailable::toString);
        assertFalse(unavailable.containsKey("tcpCounters.TcpExt"), unavailable::toString);
    }

    @Test
    void socketMemory() {
        SocketMemory memory = new SockstatReader(PROC, SockstatReader.pageSize()).read(unavailable);

        assertNotNull(memory, unavailable::toString);
        assertTrue(memory.tcpInUse() >= 0 && memory.memPages() >= 0);
        assertNotNull(memory.limits());
        assertTrue(memory.limits().minPages() <= memory.limits().maxPages());
    }

    @Test
    void hostLimitsAndLoad() {
        HostLimits limits = new HostLimitsReader(PROC).read(unavailable);
        LoadAverage load = new LoadAverageReader(PROC).read(unavailable);

        assertTrue(limits.filesAllocated() > 0 && limits.filesMax() > 0);
        assertTrue(load.one() >= 0 && load.five() >= 0 && load.fifteen() >= 0);
        assertEquals(Map.of(), unavailable);
    }

    @Test
    void sysctls() {
        SysctlReader reader = new SysctlReader(PROC);

        Map<String, String> values = reader.read(List.of("net.core.somaxconn", "net.ipv4.tcp_rmem"), unavailable);
        PortRange ports = reader.localPortRange(unavailable);

        assertTrue(Integer.parseInt(values.get("net.core.somaxconn")) > 0);
        assertTrue(values.get("net.ipv4.tcp_rmem").matches("\\d+ \\d+ \\d+"), values::toString);
        assertFalse(reader.availableCongestionControl(unavailable).isEmpty());
        assertTrue(ports.low() > 0 && ports.low() <= ports.high());
        assertEquals(Map.of(), unavailable);
    }
}
