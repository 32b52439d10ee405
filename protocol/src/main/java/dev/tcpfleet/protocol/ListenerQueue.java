package dev.tcpfleet.protocol;

/**
 * One listening socket's accept queue, as {@code ss -ltn} shows it in Recv-Q and Send-Q.
 *
 * @param address     local address, IPv6 in its compressed form, {@code 0.0.0.0} / {@code ::} for any
 * @param port        local port
 * @param acceptQueue connections the kernel completed that {@code accept()} has not taken yet
 *                    ({@code rx_queue} of the LISTEN row in /proc/net/tcp)
 * @param backlog     the queue's limit: the application's listen() backlog capped by {@code net.core.somaxconn};
 *                    null when unknown (/proc/net/tcp does not show it; the agent asks sock_diag via {@code ss})
 */
public record ListenerQueue(String address, int port, long acceptQueue, Long backlog) {
    /** The kernel refuses new handshakes once the queue holds more than the backlog. */
    public boolean full() {
        return backlog != null && acceptQueue > backlog;
    }

    /** Queue length over backlog; 0 when the backlog is unknown. */
    public double fill() {
        if (backlog == null) {
            return 0.0;
        }
        return backlog <= 0 ? (acceptQueue > 0 ? 1.0 : 0.0) : (double) acceptQueue / backlog;
    }

    public ListenerQueue withBacklog(Long newBacklog) {
        return new ListenerQueue(address, port, acceptQueue, newBacklog);
    }
}
