package dev.tcpfleet.agent.procfs;

import static dev.tcpfleet.agent.procfs.NetCounterReader.NETSTAT;
import static dev.tcpfleet.agent.procfs.NetCounterReader.SNMP;
import static dev.tcpfleet.agent.procfs.NetCounterReader.TCP_COUNTERS;
import static dev.tcpfleet.agent.procfs.NetCounterReader.TCP_EXT_COUNTERS;
import static dev.tcpfleet.agent.procfs.NetCounterReader.parseSection;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetCounterReaderTest {
    private static final String TCP_HEADER = "Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens "
            + "AttemptFails EstabResets CurrEstab InSegs OutSegs RetransSegs InErrs OutRsts InCsumErrors\n";
    private static final String TCP_VALUES = "Tcp: 1 200 120000 -1 478 227 215 18 2 17428 14435 37 0 276 0\n";

    private final Map<String, String> unavailable = new HashMap<>();

    @Test
    void readsTheListedCountersOfBothCapturedFiles(@TempDir Path proc) throws IOException {
        Map<String, Long> totals = new NetCounterReader(CapturedProc.copyTo(proc)).read(unavailable);

        assertEquals(TCP_COUNTERS.size() + TCP_EXT_COUNTERS.size(), totals.size());
        assertEquals(478L, totals.get("ActiveOpens"));
        assertEquals(37L, totals.get("RetransSegs"));
        assertEquals(276L, totals.get("OutRsts"));
        assertEquals(224L, totals.get("TW"));
        assertEquals(29L, totals.get("TCPAbortOnData"));
        assertEquals(37L, totals.get("TCPLossProbes"));
        assertFalse(totals.containsKey("MaxConn"));
        assertFalse(totals.containsKey("InCsumErrors"));
        assertEquals(Map.of(), unavailable);
    }

    @Test
    void findsTheSectionWhereverItStands() {
        String content = "Udp: InDatagrams NoPorts\nUdp: 40 0\n" + TCP_HEADER + TCP_VALUES + "Ip: Forwarding\nIp: 2\n";

        Map<String, Long> counters = parseSection(content, SNMP, "Tcp", TCP_COUNTERS, unavailable);

        assertEquals(TCP_COUNTERS.size(), counters.size());
        assertEquals(2L, counters.get("CurrEstab"));
        assertEquals(Map.of(), unavailable);
    }

    @Test
    void tcpExtIsNotMistakenForTcp() {
        String content = "TcpExt: ActiveOpens\nTcpExt: 99\n" + TCP_HEADER + TCP_VALUES;

        assertEquals(478L, parseSection(content, SNMP, "Tcp", TCP_COUNTERS, unavailable).get("ActiveOpens"));
    }

    @Test
    void aMissingSectionIsReported() {
        Map<String, Long> counters = parseSection("Ip: Forwarding\nIp: 2\n", SNMP, "Tcp", TCP_COUNTERS, unavailable);

        assertTrue(counters.isEmpty());
        assertEquals(Map.of("tcpCounters.Tcp", "net/snmp: no Tcp: section"), unavailable);
    }

    @Test
    void namesWithoutValuesAreReported() {
        assertTrue(parseSection(TCP_HEADER, SNMP, "Tcp", TCP_COUNTERS, unavailable).isEmpty());
        assertEquals(Map.of("tcpCounters.Tcp", "net/snmp: Tcp: names without values"), unavailable);
    }

    @Test
    void aValueLineCutShortSkipsTheSection() {
        String truncated = TCP_VALUES.substring(0, 30);

        assertTrue(parseSection(TCP_HEADER + truncated, SNMP, "Tcp", TCP_COUNTERS, unavailable).isEmpty());
        assertEquals(Map.of("tcpCounters.Tcp", "net/snmp: Tcp: 15 names but 7 values"), unavailable);
    }

    @Test
    void aValueThatIsNotANumberLeavesOnlyThatCounterOut() {
        String values = TCP_VALUES.replace(" 37 ", " 3x7 ");

        Map<String, Long> counters = parseSection(TCP_HEADER + values, SNMP, "Tcp", TCP_COUNTERS, unavailable);

        assertEquals(TCP_COUNTERS.size() - 1, counters.size());
        assertEquals(Map.of("tcpCounters.RetransSegs", "net/snmp: RetransSegs is not a number"), unavailable);
    }

    @Test
    void extraSpacesAndTabsDoNotMatter() {
        String content = TCP_HEADER.replace(" ", "  ") + TCP_VALUES.replace(" ", " \t ");

        assertEquals(TCP_COUNTERS.size(), parseSection(content, SNMP, "Tcp", TCP_COUNTERS, unavailable).size());
        assertEquals(Map.of(), unavailable);
    }

    @Test
    void aCounterAnOlderKernelLacksIsReported() {
        String content = "TcpExt: ListenOverflows ListenDrops\nTcpExt: 5 7\n";

        Map<String, Long> counters = parseSection(content, NETSTAT, "TcpExt", TCP_EXT_COUNTERS, unavailable);

        assertEquals(Map.of("ListenOverflows", 5L, "ListenDrops", 7L), counters);
        assertEquals("net/netstat: no TCPRcvQDrop in TcpExt: on this kernel",
                unavailable.get("tcpCounters.TCPRcvQDrop"));
        assertEquals(TCP_EXT_COUNTERS.size() - 2, unavailable.size());
    }

    @Test
    void emptyAndMissingFilesAreReported(@TempDir Path proc) throws IOException {
        Files.createDirectories(proc.resolve("net"));
        Files.writeString(proc.resolve(SNMP), "");

        Map<String, Long> totals = new NetCounterReader(new ProcFs(proc)).read(unavailable);

        assertTrue(totals.isEmpty());
        assertEquals(Map.of("tcpCounters.Tcp", "net/snmp: no Tcp: section",
                "tcpCounters.TcpExt", "net/netstat: absent"), unavailable);
    }
}
