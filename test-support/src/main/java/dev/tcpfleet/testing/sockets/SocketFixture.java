package dev.tcpfleet.testing.sockets;

import dev.tcpfleet.testing.sockets.SocketSpec.Item;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A process holding TCP sockets in known states (see {@link SocketSpec} for the arguments), for tests and
 * benchmarks that compare what the agent reports with what {@code ss} reports. Run it inside the
 * namespace under test; it prints {@code READY <pid>} once every socket is in its state and holds them
 * until its stdin closes. Only JDK classes, so the test-support classes folder alone is its classpath.
 */
public final class SocketFixture {
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);

    /** Kept referenced so nothing is closed by the garbage collector while the fixture holds them. */
    private final List<AutoCloseable> held = new ArrayList<>();
    private final Map<Integer, ServerSocketChannel> listenersByPort = new HashMap<>();
    /** Connections waiting in a never-accepting listener's queue, by its port. */
    private final Map<Integer, Integer> queued = new HashMap<>();

    public static void main(String[] args) throws Exception {
        // --options stand for an application's own (a test's fake password): /proc shows them, the fixture ignores them
        SocketSpec spec = SocketSpec.parse(Stream.of(args).filter(arg -> !arg.startsWith("--")).toList());
        SocketFixture fixture = new SocketFixture();
        fixture.build(spec);
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        while (System.in.read() >= 0) {
            // hold until whoever started us closes our stdin (or dies)
        }
        System.exit(0);
    }

    private void build(SocketSpec spec) throws IOException {
        for (Item listener : spec.listeners()) {
            ServerSocketChannel server = ServerSocketChannel.open(family(!listener.ipv4()));
            server.bind(listener.endpoint(), listener.backlog());
            held.add(server);
            listenersByPort.put(listener.endpoint().getPort(), server);
        }
        List<Predicate<List<KernelTables.Row>>> settled = new ArrayList<>();
        for (Item item : spec.connections()) {
            for (int i = 0; i < item.count(); i++) {
                switch (item.kind()) {
                    case ESTABLISHED -> pair(item);
                    case TIMEWAIT -> settled.add(timeWait(item, false));
                    case SERVERTIMEWAIT -> settled.add(timeWait(item, true));
                    case CLOSEWAIT -> settled.add(closeWait(item));
                    case QUEUE -> attemptIntoFullQueue(item);
                    default -> throw new IllegalStateException(item.kind().name());
                }
            }
            if (item.kind() == SocketSpec.Kind.QUEUE) {
                settled.add(acceptQueueHolds(item, spec));
            }
        }
        awaitTables(settled);
    }

    /** Both ends of one connection, with the addresses the kernel's tables show for each. */
    private record Pair(SocketChannel client, SocketChannel server, InetSocketAddress clientSide,
            InetSocketAddress serverSide) {
    }

    private Pair pair(Item item) throws IOException {
        SocketChannel client = SocketChannel.open(family(item.clientIpv6()));
        held.add(client);
        client.connect(item.endpoint());
        SocketChannel accepted = listenersByPort.get(item.endpoint().getPort()).accept();
        held.add(accepted);
        // connects and accepts alternate on one thread, so the queue head is this client's connection
        InetSocketAddress clientSide = (InetSocketAddress) client.getLocalAddress();
        InetSocketAddress acceptedPeer = (InetSocketAddress) accepted.getRemoteAddress();
        if (clientSide.getPort() != acceptedPeer.getPort()) {
            throw new IllegalStateException("accepted the connection from " + acceptedPeer + " while expecting " + clientSide);
        }
        return new Pair(client, accepted, clientSide, (InetSocketAddress) accepted.getLocalAddress());
    }

    /**
     * One side closes first; once the other has read the EOF it closes too, leaving the first in TIME_WAIT: the
     * client (on its ephemeral port), or with {@code serverFirst} the server (on its listening port).
     */
    private Predicate<List<KernelTables.Row>> timeWait(Item item, boolean serverFirst) throws IOException {
        Pair pair = pair(item);
        SocketChannel first = serverFirst ? pair.server() : pair.client();
        SocketChannel second = serverFirst ? pair.client() : pair.server();
        InetSocketAddress closing = serverFirst ? pair.serverSide() : pair.clientSide();
        InetSocketAddress peer = serverFirst ? pair.clientSide() : pair.serverSide();
        first.close();
        readUntilEof(second);
        second.close();
        held.remove(pair.client());
        held.remove(pair.server());
        return rows -> KernelTables.shows(rows, closing, peer, KernelTables.TIME_WAIT)
                && !KernelTables.shows(rows, peer, closing, KernelTables.ANY_STATE);
    }

    /** The server shuts its output; the client reads the EOF and never closes: CLOSE_WAIT, and FIN_WAIT2 across. */
    private Predicate<List<KernelTables.Row>> closeWait(Item item) throws IOException {
        Pair pair = pair(item);
        pair.server().shutdownOutput();
        readUntilEof(pair.client());
        return rows -> KernelTables.shows(rows, pair.serverSide(), pair.clientSide(), KernelTables.FIN_WAIT2);
    }

    /**
     * One attempt at a listener that never accepts: either the handshake completes and the connection waits
     * in the accept queue, or the queue is full and the kernel drops the SYN (ListenOverflows goes up) and
     * the client keeps retrying in SYN_SENT. Waits until it is one or the other.
     */
    private void attemptIntoFullQueue(Item item) throws IOException {
        long overflowsBefore = KernelTables.listenOverflows();
        SocketChannel client = SocketChannel.open(family(item.clientIpv6()));
        held.add(client);
        client.configureBlocking(false);
        boolean connected = client.connect(item.endpoint());
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        while (!connected && KernelTables.listenOverflows() == overflowsBefore) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("attempt to " + item.endpoint() + " neither connected nor dropped");
            }
            pause();
            connected = client.finishConnect();
        }
        if (connected) {
            queued.merge(item.endpoint().getPort(), 1, Integer::sum);
        }
    }

    private Predicate<List<KernelTables.Row>> acceptQueueHolds(Item item, SocketSpec spec) {
        int port = item.endpoint().getPort();
        InetSocketAddress bound = spec.listenerFor(item).orElseThrow().endpoint();
        int expected = queued.getOrDefault(port, 0);
        return rows -> rows.stream().anyMatch(row -> row.state() == KernelTables.LISTEN && row.local().equals(bound)
                && row.rxQueue() == expected);
    }

    private static void readUntilEof(SocketChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64);
        while (channel.read(buffer) >= 0) {
            buffer.clear();
        }
    }

    private static void awaitTables(List<Predicate<List<KernelTables.Row>>> conditions) {
        if (conditions.isEmpty()) {
            return;
        }
        awaitTrue(() -> {
            List<KernelTables.Row> rows = KernelTables.tcpRows();
            return conditions.stream().allMatch(condition -> condition.test(rows));
        }, "the kernel's tcp tables to show every TIME_WAIT, FIN_WAIT2 and accept queue of the spec");
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what + " after " + SETTLE_TIMEOUT);
            }
            pause();
        }
    }

    /** The kernel gives no notification for these states; poll them often, they settle within microseconds. */
    private static void pause() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static ProtocolFamily family(boolean ipv6) {
        return ipv6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }
}
