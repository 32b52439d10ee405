package dev.tcpfleet.agent.stress;

import dev.tcpfleet.agent.procfs.HostLimitsReader;
import dev.tcpfleet.agent.procfs.InetAddresses;
import dev.tcpfleet.agent.procfs.OpenFilesReader;
import dev.tcpfleet.agent.procfs.ProcFs;
import dev.tcpfleet.agent.procfs.SysctlReader;
import dev.tcpfleet.agent.procfs.TcpRow;
import dev.tcpfleet.agent.procfs.TcpTableParser;
import dev.tcpfleet.protocol.HostLimits;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Reads a {@link Headroom} from /proc with the snapshot's own readers. */
public final class HeadroomReader {
    private static final String[] TCP_TABLES = {"net/tcp", "net/tcp6"};

    private final ProcFs procFs;

    public HeadroomReader(ProcFs procFs) {
        this.procFs = procFs;
    }

    public Headroom read(InetAddress target, int port) {
        Map<String, String> unknown = new TreeMap<>();
        SysctlReader.PortRange range = new SysctlReader(procFs).localPortRange(unknown);
        Long portsFree = null;
        if (range != null) {
            Long held = portsHeldToward(target, port, range, unknown);
            portsFree = held == null ? null : Math.max(0, range.high() - range.low() + 1 - held);
        }
        HostLimits limits = new HostLimitsReader(procFs).read(unknown);
        Long conntrackFree = null;
        Long systemFilesFree = null;
        if (limits != null) {
            if (limits.conntrackCount() != null && limits.conntrackMax() != null) {
                conntrackFree = Math.max(0, limits.conntrackMax() - limits.conntrackCount());
            }
            if (limits.filesAllocated() != null && limits.filesMax() != null) {
                systemFilesFree = Math.max(0, limits.filesMax() - limits.filesAllocated());
            }
        }
        OpenFilesReader.OpenFiles files = new OpenFilesReader(procFs).read(unknown);
        return new Headroom(portsFree, conntrackFree, files == null ? null : files.free(), systemFilesFree, unknown);
    }

    /**
     * Sockets toward {@code target:port} whose local port is ephemeral, TIME_WAIT included: the tuples a new
     * connection to it cannot take. Null (and reported) when a table is unreadable.
     */
    private Long portsHeldToward(InetAddress target, int port, SysctlReader.PortRange range,
                                 Map<String, String> unknown) {
        String address = InetAddresses.format(target);
        long[] held = {0};
        int[] words = new int[4];
        TcpTableParser parser = new TcpTableParser();
        for (String table : TCP_TABLES) {
            try {
                Optional<InputStream> in = procFs.open(table);
                if (in.isEmpty()) {
                    continue; // no IPv6 on this host
                }
                try (InputStream stream = in.get()) {
                    parser.parse(stream, (TcpRow row) -> {
                        if (row.remotePort() != port || row.localPort() < range.low()
                                || row.localPort() > range.high()) {
                            return;
                        }
                        for (int i = 0; i < 4; i++) {
                            words[i] = row.remoteAddressWord(i);
                        }
                        if (InetAddresses.format(row.ipv6(), words).equals(address)) {
                            held[0]++;
                        }
                    });
                }
            } catch (IOException e) {
                unknown.put("ephemeralPortsFree", table + ": unreadable (" + e.getClass().getSimpleName() + ")");
                return null;
            }
        }
        return held[0];
    }
}
