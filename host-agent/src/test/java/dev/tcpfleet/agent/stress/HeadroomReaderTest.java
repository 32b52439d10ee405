package dev.tcpfleet.agent.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcpfleet.agent.procfs.CapturedProc;
import dev.tcpfleet.agent.procfs.ProcFs;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Headroom from a captured /proc (linux-6.18: ports 32768-60999, conntrack 0 of 262144, 710 of 2466160 files). */
class HeadroomReaderTest {
    private static final String TCP_HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
            + "retrnsmt   uid  timeout inode\n";
    private static final String TCP6_HEADER = "  sl  local_address                         remote_address       "
            + "                 st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

    private static String row(String local, String remote, String state) {
        return "   0: " + local + " " + remote + " " + state
                + " 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 20 4 30 10 -1\n";
    }

    private static ProcFs proc(Path root) throws IOException {
        ProcFs procFs = CapturedProc.copyTo(root);
        CapturedProc.write(root, "net/tcp", TCP_HEADER
                + row("0100007F:D432", "0100007F:1F90", "06")   // 127.0.0.1:54322 -> :8080 TIME_WAIT: holds a port
                + row("0100007F:D433", "0100007F:1F90", "01")   // ESTABLISHED: holds one too
                + row("0100007F:03E8", "0100007F:1F90", "01")   // local port 1000 is no ephemeral port
                + row("0100007F:D434", "0100007F:1F91", "01")   // toward another port
                + row("0200007F:D435", "0100007F:1F90", "01")   // from 127.0.0.2: the same destination
                + row("0100007F:D436", "0A01A8C0:1F90", "01")); // toward another address
        CapturedProc.write(root, "net/tcp6", TCP6_HEADER
                // a dual-stack socket's IPv4 peer: the same destination
                + row("0000000000000000FFFF00000100007F:D437", "0000000000000000FFFF00000100007F:1F90", "01"));
        CapturedProc.write(root, "self/limits", """
                Limit                     Soft Limit           Hard Limit           Units
                Max processes             63476                63476                processes
                Max open files            1024                 4096                 files
                Max locked memory         8388608              8388608              bytes
                """);
        for (int fd = 0; fd < 24; fd++) {
            CapturedProc.write(root, "self/fd/" + fd, "");
        }
        return procFs;
    }

    @Test
    void readsEveryFigureFromProc(@TempDir Path root) throws IOException {
        Headroom headroom = new HeadroomReader(proc(root)).read(InetAddress.getByName("127.0.0.1"), 8080);

        assertEquals(new Headroom(28232L - 4, 262144L, 1024L - 24, 2466160L - 710, Map.of()), headroom);
    }

    @Test
    void missingFilesAreUnknownNotFull(@TempDir Path root) throws IOException {
        ProcFs procFs = proc(root);
        Files.delete(root.resolve("sys/net/ipv4/ip_local_port_range"));
        Files.delete(root.resolve("sys/net/netfilter/nf_conntrack_count"));
        Files.delete(root.resolve("sys/net/netfilter/nf_conntrack_max"));
        Files.delete(root.resolve("self/limits"));

        Headroom headroom = new HeadroomReader(procFs).read(InetAddress.getByName("127.0.0.1"), 8080);

        assertEquals(null, headroom.ephemeralPortsFree());
        assertEquals(null, headroom.conntrackFree(), "no conntrack module: no table to fill");
        assertEquals(null, headroom.processFilesFree());
        assertEquals(2466160L - 710, headroom.systemFilesFree());
        assertEquals(2, headroom.unknown().size(), headroom.unknown()::toString);
    }

    @Test
    void anUnlimitedFileLimitLeavesPlenty(@TempDir Path root) throws IOException {
        ProcFs procFs = proc(root);
        CapturedProc.write(root, "self/limits",
                "Max open files            unlimited            unlimited            files\n");

        Headroom headroom = new HeadroomReader(procFs).read(InetAddress.getByName("::1"), 8080);

        assertEquals(Long.MAX_VALUE - 24, headroom.processFilesFree());
        assertEquals(28232L, headroom.ephemeralPortsFree(), "no socket toward ::1");
    }
}
