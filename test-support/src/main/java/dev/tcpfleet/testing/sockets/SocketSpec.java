package dev.tcpfleet.testing.sockets;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a {@link SocketFixture} builds, one command-line argument per item:
 * {@code KIND[=COUNT]@ADDRESS:PORT[/OPTION...]}, IPv6 addresses in brackets.
 *
 * <ul>
 *   <li>{@code listen@127.0.0.1:7001}, {@code listen@[::1]:7002}, {@code listen@[::]:7003} (dual-stack):
 *       a listener that accepts; {@code /backlog=2/noaccept} makes one that never accepts.</li>
 *   <li>{@code established=N@127.0.0.2:7003}: N connection pairs to this fixture's listener on that port
 *       (any address it listens on), both ends held open.</li>
 *   <li>{@code timewait=N@…}: N pairs the client closes first; the client's side stays in TIME_WAIT.</li>
 *   <li>{@code servertimewait=N@…}: N pairs the server closes first (a server with keep-alive off); the
 *       server's side, on the listening port, stays in TIME_WAIT.</li>
 *   <li>{@code closewait=N@…}: N pairs whose server side shuts its output: the client's side is left in
 *       CLOSE_WAIT (the pool that never closes), the server's in FIN_WAIT2.</li>
 *   <li>{@code queue=N@…}: N connection attempts to a {@code noaccept} listener, one after another; the
 *       kernel queues some and drops the SYNs of the rest, which stay in SYN_SENT.</li>
 * </ul>
 * Clients use the target's family; {@code /mapped} makes an IPv6 socket connect to an IPv4 address, as a
 * Java client does by default, so the kernel shows it as {@code ::ffff:a.b.c.d}.
 */
public record SocketSpec(List<Item> items) {

    public enum Kind { LISTEN, ESTABLISHED, TIMEWAIT, SERVERTIMEWAIT, CLOSEWAIT, QUEUE }

    public record Item(Kind kind, int count, InetSocketAddress endpoint, int backlog, boolean accepts,
            boolean mapped) {

        public boolean ipv4() {
            return endpoint.getAddress() instanceof Inet4Address;
        }

        /** The family a client for this item opens: the target's, or IPv6 when asked for a mapped address. */
        public boolean clientIpv6() {
            return mapped || !ipv4();
        }
    }

    public SocketSpec {
        items = List.copyOf(items);
    }

    public static SocketSpec parse(List<String> args) {
        List<Item> items = new ArrayList<>();
        for (String arg : args) {
            items.add(parseItem(arg));
        }
        SocketSpec spec = new SocketSpec(items);
        for (Item item : items) {
            if (item.kind() != Kind.LISTEN) {
                Item listener = spec.listenerFor(item)
                        .orElseThrow(() -> new IllegalArgumentException("no listener of this fixture for " + describe(item)));
                if (listener.accepts() == (item.kind() == Kind.QUEUE)) {
                    throw new IllegalArgumentException(describe(item) + (listener.accepts()
                            ? " needs a noaccept listener" : " needs a listener that accepts"));
                }
            }
        }
        return spec;
    }

    public List<Item> listeners() {
        return items.stream().filter(item -> item.kind() == Kind.LISTEN).toList();
    }

    public List<Item> connections() {
        return items.stream().filter(item -> item.kind() != Kind.LISTEN).toList();
    }

    /** The listener a connection item reaches: same port, and its address or a wildcard of a family that takes it. */
    public Optional<Item> listenerFor(Item connection) {
        InetAddress target = connection.endpoint().getAddress();
        return listeners().stream()
                .filter(listener -> listener.endpoint().getPort() == connection.endpoint().getPort())
                .filter(listener -> {
                    InetAddress bound = listener.endpoint().getAddress();
                    if (bound.isAnyLocalAddress()) {
                        return listener.ipv4() ? connection.ipv4() : true;
                    }
                    return bound.equals(target);
                })
                .findFirst();
    }

    private static Item parseItem(String arg) {
        try {
            String[] options = arg.split("/");
            int at = options[0].indexOf('@');
            if (at < 0) {
                throw new IllegalArgumentException("no @ADDRESS:PORT");
            }
            String head = options[0].substring(0, at);
            int equals = head.indexOf('=');
            Kind kind = Kind.valueOf((equals < 0 ? head : head.substring(0, equals)).toUpperCase(Locale.ROOT));
            int count = equals < 0 ? 1 : Integer.parseInt(head.substring(equals + 1));
            InetSocketAddress endpoint = parseEndpoint(options[0].substring(at + 1));
            int backlog = 50;
            boolean accepts = true;
            boolean mapped = false;
            for (int i = 1; i < options.length; i++) {
                String option = options[i];
                if (option.startsWith("backlog=")) {
                    backlog = Integer.parseInt(option.substring("backlog=".length()));
                } else if (option.equals("noaccept")) {
                    accepts = false;
                } else if (option.equals("mapped")) {
                    mapped = true;
                } else {
                    throw new IllegalArgumentException("unknown option " + option);
                }
            }
            if (count < 1) {
                throw new IllegalArgumentException("count must be positive");
            }
            if (mapped && !(endpoint.getAddress() instanceof Inet4Address)) {
                throw new IllegalArgumentException("mapped needs an IPv4 target");
            }
            return new Item(kind, count, endpoint, backlog, accepts, mapped);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad socket spec item `" + arg + "`: " + e.getMessage(), e);
        }
    }

    private static InetSocketAddress parseEndpoint(String text) {
        int colon = text.lastIndexOf(':');
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("IPv6 addresses go in brackets");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(text.substring(colon + 1)));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    static String describe(Item item) {
        return item.kind().name().toLowerCase(Locale.ROOT) + "=" + item.count() + "@" + item.endpoint();
    }
}
