package dev.tcpfleet.agent.procfs;

import static dev.tcpfleet.agent.procfs.SockstatReader.SOCKSTAT;
import static dev.tcpfleet.agent.procfs.SockstatReader.SOCKSTAT6;
import static dev.tcpfleet.agent.procfs.SockstatReader.TCP_MEM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.protocol.SocketMemory;
import dev.tcpfleet.protocol.SocketMemory.TcpMemLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SockstatReaderTest {
    private final Map<String, String> unavailable = new HashMap<>();

    @Test
    void readsTheCapturedFiles(@TempDir Path proc) throws IOException {
        SocketMemory memory = new SockstatReader(CapturedProc.copyTo(proc), 4096).read(unavailable);

        assertEquals(new SocketMemory(11, 2, 0, 2, 14, 186, 4096, new TcpMemLimits(287898, 383865, 575796)), memory);
        assertEquals(186 * 4096, memory.memBytes());
        assertEquals(Map.of(), unavailable);
    }

    @Test
    void withoutIpv6TheCountIsZeroAndReported(@TempDir Path proc) throws IOException {
        ProcFs procFs = CapturedProc.copyTo(proc);
        Files.delete(proc.resolve(SOCKSTAT6));

        assertEquals(0, new SockstatReader(procFs, 4096).read(unavailable).tcp6InUse());
        assertEquals(Map.of("socketMemory.tcp6InUse", "net/sockstat6: absent"), unavailable);
    }

    @Test
    void withoutTcpMemTheLimitsAreNullAndReported(@TempDir Path proc) throws IOException {
        ProcFs procFs = CapturedProc.copyTo(proc);
        CapturedProc.write(proc, TCP_MEM, "287898\t383865");

        assertNull(new SockstatReader(procFs, 4096).read(unavailable).limits());
        assertEquals(Map.of("socketMemory.limits", "sys/net/ipv4/tcp_mem: not three numbers"), unavailable);
    }

    @Test
    void inANetworkNamespaceTcpMemIsReportedHostWideNotAbsent(@TempDir Path proc) throws IOException {
        ProcFs procFs = CapturedProc.copyTo(proc);
        Files.delete(proc.resolve(TCP_MEM));

        assertNull(new SockstatReader(procFs, 4096).read(unavailable).limits());
        assertEquals(Map.of("socketMemory.limits",
                "sys/net/ipv4/tcp_mem: host-wide, not readable in this network namespace"), unavailable);
    }

    @Test
    void anIncompleteTcpLineYieldsNothing(@TempDir Path proc) throws IOException {
        ProcFs procFs = CapturedProc.copyTo(proc);
        CapturedProc.write(proc, SOCKSTAT, "sockets: used 29\nTCP: inuse 11 orphan 0 tw 2 alloc");

        assertNull(new SockstatReader(procFs, 4096).read(unavailable));
        assertEquals(Map.of("socketMemory", "net/sockstat: no complete TCP: line"), unavailable);
    }

    @Test
    void aMissingSockstatIsReported(@TempDir Path proc) {
        assertNull(new SockstatReader(new ProcFs(proc), 4096).read(unavailable));
        assertEquals(Map.of("socketMemory", "net/sockstat: absent"), unavailable);
    }

    @Test
    void protocolFiguresArePairsOfTheNamedLineOnly() {
        String sockstat = CapturedProc.content(SOCKSTAT);

        assertEquals(Map.of("inuse", 11L, "orphan", 0L, "tw", 2L, "alloc", 14L, "mem", 186L),
                SockstatReader.protocolFigures(sockstat, "TCP"));
        assertEquals(Map.of("inuse", 0L, "mem", 0L), SockstatReader.protocolFigures(sockstat, "UDP"));
        assertEquals(Map.of("inuse", 2L), SockstatReader.protocolFigures(CapturedProc.content(SOCKSTAT6), "TCP6"));
        assertTrue(SockstatReader.protocolFigures(sockstat, "TCP6").isEmpty());
    }

    @Test
    void protocolFiguresSkipWhatIsNotANumber() {
        assertEquals(Map.of("inuse", 3L, "tw", 2L, "mem", 9L),
                SockstatReader.protocolFigures("TCP:  inuse 3  orphan x\ttw 2  mem 9 alloc", "TCP"));
    }

    @Test
    void tcpMemIsThreePageCounts() {
        assertEquals(new TcpMemLimits(1, 2, 3), SockstatReader.parseTcpMem("1\t2\t3"));
        assertEquals(new TcpMemLimits(1, 2, 3), SockstatReader.parseTcpMem("  1 2   3 \n"));
        assertNull(SockstatReader.parseTcpMem(""));
        assertNull(SockstatReader.parseTcpMem("1 2 three"));
    }

    @Test
    void pageSizeIsAPowerOfTwo() {
        long pageSize = SockstatReader.pageSize();

        assertTrue(pageSize >= 4096 && Long.bitCount(pageSize) == 1, "page size " + pageSize);
    }
}
