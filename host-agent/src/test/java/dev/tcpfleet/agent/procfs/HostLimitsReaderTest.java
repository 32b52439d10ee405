package dev.tcpfleet.agent.procfs;

import static dev.tcpfleet.agent.procfs.HostLimitsReader.CONNTRACK_COUNT;
import static dev.tcpfleet.agent.procfs.HostLimitsReader.CONNTRACK_MAX;
import static dev.tcpfleet.agent.procfs.HostLimitsReader.FILE_NR;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tcpfleet.protocol.HostLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostLimitsReaderTest {
    private final Map<String, String> unavailable = new HashMap<>();

    @Test
    void readsTheCapturedFiles(@TempDir Path proc) throws IOException {
        HostLimits limits = new HostLimitsReader(CapturedProc.copyTo(proc)).read(unavailable);

        assertEquals(new HostLimits(0L, 262144L, 710L, 2466160L), limits);
        assertEquals(Map.of(), unavailable);
    }

    @Test
    void withoutTheConntrackModuleThereIsNoTableAndNothingToReport(@TempDir Path proc) throws IOException {
        ProcFs procFs = CapturedProc.copyTo(proc);
        Files.delete(proc.resolve(CONNTRACK_COUNT));
        Files.delete(proc.resolve(CONNTRACK_MAX));

        assertEquals(new HostLimits(null, null, 710L, 2466160L), new HostLimitsReader(procFs).read(unavailable));
        assertEquals(Map.of(), unavailable);
    }

    @Test
    void halfAConntrackTableIsReported(@TempDir Path proc) throws IOException {
        ProcFs procFs = CapturedProc.copyTo(proc);
        Files.delete(proc.resolve(CONNTRACK_MAX));
        CapturedProc.write(proc, CONNTRACK_COUNT, "lots");

        HostLimits limits = new HostLimitsReader(procFs).read(unavailable);

        assertNull(limits.conntrackCount());
        assertNull(limits.conntrackMax());
        assertEquals(Map.of("limits.conntrackCount", "sys/net/netfilter/nf_conntrack_count: not a number",
                "limits.conntrackMax", "sys/net/netfilter/nf_conntrack_max: absent"), unavailable);
    }

    @Test
    void anUnparseableFileNrIsReported(@TempDir Path proc) throws IOException {
        ProcFs procFs = CapturedProc.copyTo(proc);
        CapturedProc.write(proc, FILE_NR, "710\t0");

        HostLimits limits = new HostLimitsReader(procFs).read(unavailable);

        assertEquals(new HostLimits(0L, 262144L, null, null), limits);
        assertEquals(Map.of("limits.files", "sys/fs/file-nr: not three numbers"), unavailable);
    }

    @Test
    void nothingReadableIsNoLimits(@TempDir Path proc) {
        assertNull(new HostLimitsReader(new ProcFs(proc)).read(unavailable));
        assertEquals(Map.of("limits.files", "sys/fs/file-nr: absent"), unavailable);
    }

    @Test
    void parsesFileNrAndSingleNumbers() {
        assertArrayEquals(new long[] {710, 0, 2466160}, HostLimitsReader.parseFileNr("710\t0\t2466160\n"));
        assertNull(HostLimitsReader.parseFileNr("710 0 -"));
        assertEquals(262144L, HostLimitsReader.parseNumber(" 262144\n"));
        assertNull(HostLimitsReader.parseNumber(""));
    }
}
