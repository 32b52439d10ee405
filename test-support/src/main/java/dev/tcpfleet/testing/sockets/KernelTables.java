package dev.tcpfleet.testing.sockets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fixture's own look at the kernel of its namespace, to wait for states it cannot see through its
 * sockets (a closed socket's TIME_WAIT, the peer's FIN_WAIT2, a listener's accept queue, dropped SYNs).
 */
final class KernelTables {
    static final int FIN_WAIT2 = 0x05;
    static final int TIME_WAIT = 0x06;
    static final int LISTEN = 0x0A;
    static final int ANY_STATE = -1;

    record Row(InetSocketAddress local, InetSocketAddress remote, int state, long rxQueue) {
    }

    private KernelTables() {
    }

    static List<Row> tcpRows() {
        List<Row> rows = new ArrayList<>();
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            List<String> lines = readLines(Path.of(table));
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 4) {
                    rows.add(new Row(endpoint(fields[1]), endpoint(fields[2]), Integer.parseInt(fields[3], 16),
                            Long.parseLong(fields[4].substring(fields[4].indexOf(':') + 1), 16)));
                }
            }
        }
        return rows;
    }

    /** Whether a socket from {@code local} to {@code remote} is in {@code state} ({@link #ANY_STATE}: exists at all). */
    static boolean shows(List<Row> rows, InetSocketAddress local, InetSocketAddress remote, int state) {
        return rows.stream().anyMatch(row -> row.local().equals(local) && row.remote().equals(remote)
                && (state == ANY_STATE || row.state() == state));
    }

    /** TcpExt ListenOverflows: SYNs (and final ACKs) a full accept queue made the kernel drop. */
    static long listenOverflows() {
        List<String> lines = readLines(Path.of("/proc/net/netstat"));
        for (int i = 0; i + 1 < lines.size(); i += 2) {
            List<String> names = Arrays.asList(lines.get(i).split("\\s+"));
            if (names.get(0).equals("TcpExt:")) {
                return Long.parseLong(lines.get(i + 1).split("\\s+")[names.indexOf("ListenOverflows")]);
            }
        }
        throw new IllegalStateException("no TcpExt ListenOverflows in /proc/net/netstat");
    }

    /** {@code 0100007F:1F90}: the address as the kernel stores it, 32-bit words in host (little-endian) order. */
    static InetSocketAddress endpoint(String hex) {
        int colon = hex.indexOf(':');
        String address = hex.substring(0, colon);
        byte[] bytes = new byte[address.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                int at = word * 8 + (3 - b) * 2;
                bytes[word * 4 + b] = (byte) Integer.parseInt(address.substring(at, at + 2), 16);
            }
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(bytes), Integer.parseInt(hex.substring(colon + 1), 16));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(hex, e);
        }
    }

    private static List<String> readLines(Path path) {
        try {
            return Files.readAllLines(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
