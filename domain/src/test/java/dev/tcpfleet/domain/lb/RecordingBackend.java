package dev.tcpfleet.domain.lb;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A tiny HTTP server on a free loopback port that answers with its name and remembers every request. */
final class RecordingBackend implements AutoCloseable {
    static final String HEALTH_PATH = "/health";

    /** One request as the backend received it; {@code remotePort} tells connections apart. */
    record Seen(String path, String forwardedFor, int remotePort) {
        boolean proxied() {
            return !path.equals(HEALTH_PATH);
        }
    }

    private final String name;
    private final HttpServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    RecordingBackend(String name) throws IOException {
        this.name = name;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    private void answer(HttpExchange exchange) throws IOException {
        seen.add(new Seen(exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("X-Forwarded-For"), exchange.getRemoteAddress().getPort()));
        byte[] body = name.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    String name() {
        return name;
    }

    Backend backend() {
        return new Backend("127.0.0.1", server.getAddress().getPort());
    }

    List<Seen> proxied() {
        return seen.stream().filter(Seen::proxied).toList();
    }

    boolean healthChecked() {
        return seen.stream().anyMatch(s -> !s.proxied());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
