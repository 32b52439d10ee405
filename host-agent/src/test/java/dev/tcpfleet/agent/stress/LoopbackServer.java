package dev.tcpfleet.agent.stress;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/** A server on 127.0.0.1 that serves one connection at a time on a thread of its own, as its {@link Mode} says. */
final class LoopbackServer implements AutoCloseable {
    enum Mode {
        /** Reads the request's bytes, writes them back, closes. */
        ECHO,
        /** Reads the request's bytes, then resets the connection (SO_LINGER 0) while the client waits to read. */
        RESET
    }

    private final ServerSocket socket;
    private final Thread thread;
    private final AtomicInteger served = new AtomicInteger();

    LoopbackServer(Mode mode, int requestBytes) throws IOException {
        socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        thread = new Thread(() -> serve(mode, requestBytes), "loopback-server-" + mode);
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    int served() {
        return served.get();
    }

    private void serve(Mode mode, int requestBytes) {
        while (!socket.isClosed()) {
            try (Socket connection = socket.accept()) {
                InputStream in = connection.getInputStream();
                byte[] request = in.readNBytes(requestBytes);
                if (mode == Mode.RESET) {
                    connection.setSoLinger(true, 0);
                } else {
                    connection.getOutputStream().write(request);
                }
                served.incrementAndGet();
            } catch (IOException e) {
                // a client gave up or the server is closing; the next accept tells which
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
