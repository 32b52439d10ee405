package dev.tcpfleet.agent.procfs;

import static dev.tcpfleet.agent.procfs.SysctlReader.AVAILABLE_CONGESTION_CONTROL;
import static dev.tcpfleet.agent.procfs.SysctlReader.LOCAL_PORT_RANGE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tcpfleet.agent.procfs.SysctlReader.PortRange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SysctlReaderTest {
    private final Map<String, String> unavailable = new HashMap<>();

    @Test
    void readsValuesWhitespaceNormalised(@TempDir Path proc) throws IOException {
        SysctlReader reader = new SysctlReader(CapturedProc.copyTo(proc));

        Map<String, String> values = reader.read(List.of("net.ipv4.tcp_rmem", "net.core.somaxconn"), unavailable);

        assertEquals(Map.of("net.ipv4.tcp_rmem", "4096 131072 33554432", "net.core.somaxconn", "4096"), values);
        assertEquals(Map.of(), unavailable);
    }

    @Test
    void aKeyThisKernelLacksIsReported(@TempDir Path proc) throws IOException {
        SysctlReader reader = new SysctlReader(CapturedProc.copyTo(proc));

        Map<String, String> values = reader.read(List.of("net.core.somaxconn", "net.ipv4.tcp_no_such_thing",
                "net..core", "net.core"), unavailable);

        assertEquals(Map.of("net.core.somaxconn", "4096"), values);
        assertEquals("absent on this kernel", unavailable.get("sysctl net.ipv4.tcp_no_such_thing"));
        assertEquals("not a sysctl name", unavailable.get("sysctl net..core"));
        assertEquals("sys/net/core: unreadable (IOException)", unavailable.get("sysctl net.core"));
    }

    @Test
    void hostWideKeysMissingInANetworkNamespaceAreNotCalledAbsentFromTheKernel(@TempDir Path proc) throws IOException {
        SysctlReader reader = new SysctlReader(CapturedProc.copyTo(proc));
        for (String key : List.of("net.ipv4.tcp_mem", "net.ipv4.tcp_max_orphans", "net.core.netdev_max_backlog")) {
            Files.deleteIfExists(proc.resolve(SysctlReader.path(key).orElseThrow()));
        }

        reader.read(List.of("net.ipv4.tcp_mem", "net.ipv4.tcp_max_orphans", "net.core.netdev_max_backlog"),
                unavailable);

        assertEquals(Map.of(
                "sysctl net.ipv4.tcp_mem", "host-wide, not readable in this network namespace",
                "sysctl net.ipv4.tcp_max_orphans", "host-wide, not readable in this network namespace",
                "sysctl net.core.netdev_max_backlog", "host-wide, not readable in this network namespace"), unavailable);
    }

    @Test
    void anEmptyValueIsAValue(@TempDir Path proc) throws IOException {
        CapturedProc.write(proc, "sys/kernel/core_pattern", "\n");

        assertEquals(Map.of("kernel.core_pattern", ""),
                new SysctlReader(new ProcFs(proc)).read(List.of("kernel.core_pattern"), unavailable));
    }

    @Test
    void keysMapToFilesAsSysctlMapsThem() {
        assertEquals(Optional.of("sys/net/ipv4/tcp_rmem"), SysctlReader.path("net.ipv4.tcp_rmem"));
        assertEquals(Optional.of("sys/net/ipv4/conf/eth0.100/rp_filter"),
                SysctlReader.path("net.ipv4.conf.eth0/100.rp_filter"));
        assertEquals(Optional.empty(), SysctlReader.path("net.ipv4.conf.//.rp_filter"));
        assertEquals(Optional.empty(), SysctlReader.path(""));
        assertEquals(Optional.empty(), SysctlReader.path("net.core."));
    }

    @Test
    void readsCongestionControlAndPortRange(@TempDir Path proc) throws IOException {
        SysctlReader reader = new SysctlReader(CapturedProc.copyTo(proc));

        assertEquals(List.of("reno", "bbr", "cubic"), reader.availableCongestionControl(unavailable));
        assertEquals(new PortRange(32768, 60999), reader.localPortRange(unavailable));
        assertEquals(Map.of(), unavailable);
    }

    @Test
    void missingOrOddCongestionControlAndPortRangeAreReported(@TempDir Path proc) throws IOException {
        ProcFs procFs = CapturedProc.copyTo(proc);
        Files.delete(proc.resolve(AVAILABLE_CONGESTION_CONTROL));
        CapturedProc.write(proc, LOCAL_PORT_RANGE, "32768\t70000");
        SysctlReader reader = new SysctlReader(procFs);

        assertEquals(List.of(), reader.availableCongestionControl(unavailable));
        assertNull(reader.localPortRange(unavailable));
        assertEquals(Map.of(
                "congestionControlAvailable", "sys/net/ipv4/tcp_available_congestion_control: absent",
                "ephemeralPorts", "sys/net/ipv4/ip_local_port_range: not two ports"), unavailable);
    }

    @Test
    void parsesPortRangesAndWords() {
        assertEquals(new PortRange(1024, 65535), SysctlReader.parsePortRange(" 1024   65535\n"));
        assertNull(SysctlReader.parsePortRange("1024"));
        assertNull(SysctlReader.parsePortRange("-1 5"));
        assertEquals(List.of("cubic"), SysctlReader.parseWords("cubic\n"));
        assertNull(SysctlReader.parseWords(" \n"));
        assertEquals("a b c", SysctlReader.normalise(" a\tb \n c "));
    }
}
