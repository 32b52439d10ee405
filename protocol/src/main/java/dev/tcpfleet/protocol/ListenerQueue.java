package dev.tcpfleet.protocol;

/**
 * One listening socket's accept queue: the {@code rx_queue} and {@code tx_queue} columns of a LISTEN row,
 * which is what {@code ss -ltn} shows as Recv-Q and Send-Q.
 *
 * @param address     local address, IPv6 in its compressed form, {@code 0.0.0.0} / {@code ::} for any
 * @param port        local port
 * @param acceptQueue connections completed by the kernel and not yet taken by {@code accept()}
 * @param backlog     the queue's limit: the application's backlog capped by {@code net.core.somaxconn}
 */
public record ListenerQueue(String address, int port, long acceptQueue, long backlog) {
    /** The kernel drops (or, with syncookies, cookies) new connections once the queue exceeds the backlog. */
    public boolean full() {
        return acceptQueue > backlog || (backlog > 0 && acceptQueue == backlog);
    }

    public double fill() {
        return backlog <= 0 ? (acceptQueue > 0 ? 1.0 : 0.0) : (double) acceptQueue / backlog;
    }
}
