package dev.tcpfleet.agent.stress;

import dev.tcpfleet.protocol.stress.ConnectLatencies;
import dev.tcpfleet.protocol.stress.FailureClass;
import dev.tcpfleet.protocol.stress.LatencySummary;
import dev.tcpfleet.protocol.stress.StressRequest;
import dev.tcpfleet.protocol.stress.StressResult;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Runs one {@link StressRequest} on the calling thread: non-blocking sockets on one selector, so thousands of
 * connections cost no thread each.
 *
 * <p>Each connection: connect (its latency recorded), send the payload, read until {@code readBytes} came or the
 * server closed, close. Connections start as concurrency, total and the rate allow; each phase must finish
 * within the connect timeout. At the duration cap the test stops and the connections still open are cut short.
 * An interrupt ends the test the same way.
 */
final class LoadGenerator {
    private static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);
    /**
     * After a late wake-up the pacer starts at once only the connections that fell due in this last span; the
     * rest follow at the requested pace, so a stall never turns into a burst above the rate.
     */
    private static final long RATE_BURST_NANOS = 10 * MILLI;

    private final StressRequest request;
    private final InetSocketAddress target;
    private final StandardProtocolFamily family;
    private final byte[] payload;
    private final long timeoutNanos;
    private final long intervalNanos;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private final Histogram latencies = ConnectLatencies.newHistogram();
    private final Map<FailureClass, Long> failures = new EnumMap<>(FailureClass.class);
    private final ArrayDeque<Deadline> deadlines = new ArrayDeque<>();
    /** Finished channels whose keys the next selection deregisters; see {@link #finish}. */
    private final List<SocketChannel> unclosed = new ArrayList<>();
    private Selector selector;
    private int open;
    private long started;
    private long successes;
    private long bytesRead;

    /** One connection in flight; {@code deadline} is its current phase's. */
    private static final class Connection {
        final SocketChannel channel;
        SelectionKey key;
        long startedAt;
        long deadline;
        ByteBuffer unsent;
        int unread;
        boolean finished;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }
    }

    /** Deadlines are queued in the order they are set; every phase has the same timeout, so also in time order. */
    private record Deadline(Connection connection, long at) {
        boolean current() {
            return !connection.finished && connection.deadline == at;
        }
    }

    LoadGenerator(StressRequest request, InetSocketAddress target) {
        this.request = request;
        this.target = target;
        this.family = target.getAddress() instanceof Inet4Address ? StandardProtocolFamily.INET
                : StandardProtocolFamily.INET6;
        this.payload = request.payload();
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(request.connectTimeoutMillis());
        this.intervalNanos = request.maxRate() == null ? 0 : TimeUnit.SECONDS.toNanos(1) / request.maxRate();
    }

    StressResult run(Clock clock) throws IOException {
        long begin = System.nanoTime();
        long cutShort;
        try (Selector opened = Selector.open()) {
            selector = opened;
            try {
                cutShort = drive(begin);
            } finally {
                finishAll(); // those the cap or an interrupt cut short, or all left when selection failed
            }
        } finally {
            closeDeregistered(); // closing the selector deregistered every key
        }
        long elapsedNanos = System.nanoTime() - begin;
        double rate = elapsedNanos <= 0 ? 0 : successes * 1e9 / elapsedNanos;
        return new StressResult(StressRequest.SCHEMA_VERSION, request.testId(), request.kind(), request.target(),
                null, started, successes, failures, cutShort, TimeUnit.NANOSECONDS.toMillis(elapsedNanos), rate,
                bytesRead, ConnectLatencies.encode(latencies), LatencySummary.of(latencies), clock.instant());
    }

    /** Starts, watches and ends connections until all are done or the cap is reached; returns those cut short. */
    private long drive(long begin) throws IOException {
        long end = begin + TimeUnit.MILLISECONDS.toNanos(request.durationCapMillis());
        long nextStart = begin;
        while (true) {
            long now = System.nanoTime();
            if (now - end >= 0 || Thread.currentThread().isInterrupted()) {
                return open;
            }
            while (open < request.concurrency() && started < request.connections() && now - nextStart >= 0) {
                start();
                nextStart = Math.max(nextStart + intervalNanos, now - RATE_BURST_NANOS);
                now = System.nanoTime();
            }
            expire(now);
            if (open == 0 && started == request.connections()) {
                return 0;
            }
            long wakeUp = end;
            Deadline first = firstCurrentDeadline();
            if (first != null && first.at() - wakeUp < 0) {
                wakeUp = first.at();
            }
            if (open < request.concurrency() && started < request.connections() && nextStart - wakeUp < 0) {
                wakeUp = nextStart;
            }
            long waitNanos = wakeUp - System.nanoTime();
            int ready = waitNanos <= 0 ? selector.selectNow()
                    : selector.select(Math.max(1, (waitNanos + MILLI - 1) / MILLI));
            closeDeregistered();
            if (ready > 0) {
                handle();
            }
        }
    }

    private void start() {
        started++;
        SocketChannel channel;
        try {
            channel = SocketChannel.open(family);
        } catch (IOException e) {
            count(classify(e)); // e.g. out of descriptors: no socket to close
            return;
        }
        Connection connection = new Connection(channel);
        open++;
        try {
            channel.configureBlocking(false);
            connection.startedAt = System.nanoTime();
            if (channel.connect(target)) {
                connected(connection);
            } else {
                connection.key = channel.register(selector, SelectionKey.OP_CONNECT, connection);
                setDeadline(connection, connection.startedAt);
            }
        } catch (IOException e) {
            fail(connection, e);
        }
    }

    private void handle() {
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            Connection connection = (Connection) key.attachment();
            if (connection.finished || !key.isValid()) {
                continue;
            }
            try {
                if (key.isConnectable()) {
                    if (connection.channel.finishConnect()) {
                        connected(connection);
                    }
                } else if (key.isWritable()) {
                    send(connection);
                } else if (key.isReadable()) {
                    receive(connection);
                }
            } catch (IOException e) {
                fail(connection, e);
            }
        }
    }

    private void connected(Connection connection) throws IOException {
        long now = System.nanoTime();
        latencies.recordValue(TimeUnit.NANOSECONDS.toMicros(now - connection.startedAt));
        setDeadline(connection, now);
        connection.unsent = ByteBuffer.wrap(payload);
        connection.unread = request.readBytes();
        send(connection);
    }

    /** Writes what the socket takes now; when all is sent, moves on to reading, or finishes. */
    private void send(Connection connection) throws IOException {
        connection.channel.write(connection.unsent);
        if (connection.unsent.hasRemaining()) {
            interest(connection, SelectionKey.OP_WRITE);
        } else if (connection.unread > 0) {
            interest(connection, SelectionKey.OP_READ);
        } else {
            succeed(connection);
        }
    }

    private void interest(Connection connection, int ops) throws IOException {
        if (connection.key == null) {
            connection.key = connection.channel.register(selector, ops, connection);
        } else {
            connection.key.interestOps(ops);
        }
    }

    private void receive(Connection connection) throws IOException {
        readBuffer.clear().limit(Math.min(readBuffer.capacity(), connection.unread));
        int read = connection.channel.read(readBuffer);
        if (read < 0) {
            succeed(connection); // the server said all it had to say, e.g. an HTTP response with Connection: close
            return;
        }
        bytesRead += read;
        connection.unread -= read;
        if (connection.unread == 0) {
            succeed(connection);
        }
    }

    private void expire(long now) {
        while (!deadlines.isEmpty()) {
            Deadline first = deadlines.peekFirst();
            if (first.current() && first.at() - now > 0) {
                return;
            }
            deadlines.pollFirst();
            if (first.current()) {
                count(FailureClass.TIMEOUT);
                finish(first.connection());
            }
        }
    }

    /** The earliest deadline still in force, dropping the stale ones ahead of it. */
    private Deadline firstCurrentDeadline() {
        while (!deadlines.isEmpty() && !deadlines.peekFirst().current()) {
            deadlines.pollFirst();
        }
        return deadlines.peekFirst();
    }

    private void setDeadline(Connection connection, long now) {
        connection.deadline = now + timeoutNanos;
        deadlines.addLast(new Deadline(connection, connection.deadline));
    }

    private void succeed(Connection connection) {
        successes++;
        finish(connection);
    }

    private void fail(Connection connection, IOException e) {
        count(classify(e));
        finish(connection);
    }

    private void count(FailureClass failureClass) {
        failures.merge(failureClass, 1L, Long::sum);
    }

    /**
     * Closing a channel still registered costs a getsockopt and a shutdown besides the close (the JDK makes sure
     * the peer sees the FIN before the deferred close), a fifth of a connection's system calls. So a registered
     * channel's key is cancelled now and the channel closed once the next selection has deregistered it.
     */
    private void finish(Connection connection) {
        connection.finished = true;
        open--;
        if (connection.key == null) {
            close(connection.channel);
        } else {
            connection.key.cancel();
            unclosed.add(connection.channel);
        }
    }

    private void closeDeregistered() {
        for (SocketChannel channel : unclosed) {
            close(channel);
        }
        unclosed.clear();
    }

    private static void close(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // the outcome is counted; a failing close leaves nothing to measure
        }
    }

    private void finishAll() {
        for (SelectionKey key : selector.keys()) {
            Connection connection = (Connection) key.attachment();
            if (!connection.finished) {
                finish(connection);
            }
        }
    }

    /** The class of a connect, write or read failure, from the exception the JDK maps the errno to. */
    static FailureClass classify(IOException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof NoRouteToHostException || message.contains("Network is unreachable")
                || message.contains("No route to host")) {
            return FailureClass.UNREACHABLE;
        }
        if (message.contains("Connection refused")) {
            return FailureClass.REFUSED;
        }
        if (e instanceof SocketTimeoutException || message.contains("timed out")) {
            return FailureClass.TIMEOUT;
        }
        if (message.contains("Connection reset") || message.contains("Broken pipe")) {
            return FailureClass.RESET; // a write after the peer's RST reports EPIPE
        }
        return FailureClass.OTHER;
    }
}
