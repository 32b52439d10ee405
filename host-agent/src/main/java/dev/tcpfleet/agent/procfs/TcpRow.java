package dev.tcpfleet.agent.procfs;

/**
 * One line of /proc/net/tcp or /proc/net/tcp6, as a reused, mutable view: {@link TcpTableParser} fills
 * the same instance for every line, so a visitor copies what it wants to keep.
 *
 * <p>Addresses are the kernel's 32-bit words exactly as printed (each word in host byte order): one word
 * for IPv4, four for IPv6.
 */
public final class TcpRow {
    boolean ipv6;
    final int[] localAddress = new int[4];
    int localPort;
    final int[] remoteAddress = new int[4];
    int remotePort;
    int state;
    long txQueue;
    long rxQueue;
    long uid;
    long inode;

    public boolean ipv6() {
        return ipv6;
    }

    /** Word {@code i} (0 for IPv4; 0..3 for IPv6) of the local address. */
    public int localAddressWord(int i) {
        return localAddress[i];
    }

    public int localPort() {
        return localPort;
    }

    public int remoteAddressWord(int i) {
        return remoteAddress[i];
    }

    public int remotePort() {
        return remotePort;
    }

    /** Kernel state code; see {@link dev.tcpfleet.protocol.TcpState#ofCode(int)}. */
    public int state() {
        return state;
    }

    /** Bytes sent and not yet acknowledged; for a LISTEN socket 0 (the backlog is not in this table). */
    public long txQueue() {
        return txQueue;
    }

    /** Receive queue; for a LISTEN socket, the connections waiting in the accept queue. */
    public long rxQueue() {
        return rxQueue;
    }

    public long uid() {
        return uid;
    }

    /** Socket inode, 0 for sockets no file descriptor holds (TIME_WAIT, NEW_SYN_RECV). */
    public long inode() {
        return inode;
    }
}
