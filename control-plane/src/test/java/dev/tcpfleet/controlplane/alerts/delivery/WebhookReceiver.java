package dev.tcpfleet.controlplane.alerts.delivery;

import com.sun.net.httpserver.HttpServer;
import dev.tcpfleet.protocol.AlertEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.ToIntFunction;

/** A real HTTP server for the alert webhook, taking posts side by side; {@code answer} gives each one's status. */
final class WebhookReceiver {
    /** The events taken (a 2xx answer), in the order they arrived. */
    final List<AlertEvent> taken = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();

    WebhookReceiver(ToIntFunction<AlertEvent> answer) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hook", exchange -> {
            AlertEvent event = PublishedAlerts.read(exchange.getRequestBody().readAllBytes());
            int status = answer.applyAsInt(event);
            if (status / 100 == 2) {
                taken.add(event);
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.setExecutor(handlers);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** The statuses taken for {@code rule}'s alert on {@code host}, in arrival order. */
    List<String> taken(String host, String rule) {
        return taken.stream().filter(e -> host.equals(e.hostId()) && rule.equals(e.rule())).map(AlertEvent::to)
                .toList();
    }

    void stop() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
