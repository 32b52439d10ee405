package dev.tcpfleet.protocol;

/**
 * {@code /proc/net/sockstat} and {@code sockstat6}: what {@code ss -s} summarises, at no parsing cost.
 *
 * @param tcpInUse  IPv4 TCP sockets in use (TIME_WAIT not included)
 * @param tcp6InUse IPv6 TCP sockets in use
 * @param orphans   sockets no process holds any more, still sending or closing
 * @param timeWait  sockstat's {@code tw}: TIME_WAIT sockets and FIN_WAIT2 orphans (the kernel keeps both as timewait
 *                  sockets), IPv4 and IPv6; so above the TIME_WAIT state count when orphans linger in FIN_WAIT2
 * @param allocated TCP sockets allocated, all families
 * @param memPages  pages TCP buffers hold now
 * @param pageSize  bytes per page on this host
 * @param limits    {@code net.ipv4.tcp_mem} in pages, or null when unreadable
 */
public record SocketMemory(
        long tcpInUse,
        long tcp6InUse,
        long orphans,
        long timeWait,
        long allocated,
        long memPages,
        long pageSize,
        TcpMemLimits limits) {

    /** {@code net.ipv4.tcp_mem}: below min no pressure; above pressure the kernel shrinks buffers; max is the cap. */
    public record TcpMemLimits(long minPages, long pressurePages, long maxPages) {
    }

    public long memBytes() {
        return memPages * pageSize;
    }

    /** Share of {@code tcp_mem}'s max the buffers use, or null without limits. */
    public Double memUsageOfMax() {
        return limits == null || limits.maxPages() <= 0 ? null : (double) memPages / limits.maxPages();
    }
}
