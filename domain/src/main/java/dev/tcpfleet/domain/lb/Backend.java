package dev.tcpfleet.domain.lb;

import java.util.regex.Pattern;

/**
 * One server behind the load balancer.
 *
 * @param host an IPv4 or IPv6 literal (no brackets) or a DNS name
 * @param port 1 to 65535
 */
public record Backend(String host, int port) {
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    /** @throws IllegalArgumentException with the reason, worded to follow the field's name */
    public Backend {
        if (host == null || !(NetAddresses.isIpv4(host) || NetAddresses.isIpv6(host) || NetAddresses.isHostname(host))) {
            throw new IllegalArgumentException("is not an IPv4 address, an IPv6 address or a DNS name: "
                    + quoted(host));
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("has port " + port + "; a port is 1 to 65535");
        }
    }

    /**
     * Reads {@code host:port} or {@code [ipv6]:port}.
     *
     * @throws IllegalArgumentException with the reason
     */
    public static Backend parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("is missing: host:port is required");
        }
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf("]:");
            if (close < 0) {
                throw new IllegalArgumentException("is not [ipv6]:port: " + quoted(text));
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
            if (!NetAddresses.isIpv6(host)) {
                throw new IllegalArgumentException("has no IPv6 address inside its brackets: " + quoted(text));
            }
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("has no port: write host:port, got " + quoted(text));
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
            if (host.indexOf(':') >= 0) {
                throw new IllegalArgumentException(NetAddresses.isIpv6(text) || NetAddresses.isIpv6(host)
                        ? "is an IPv6 address without brackets: write [ipv6]:port, got " + quoted(text)
                        : "is not host:port: " + quoted(text));
            }
        }
        if (!PORT.matcher(port).matches()) {
            throw new IllegalArgumentException("has no port number after its ':': " + quoted(text));
        }
        return new Backend(host, Integer.parseInt(port));
    }

    /** As both configs write it: {@code host:port}, an IPv6 host in brackets. */
    public String address() {
        return NetAddresses.hostPort(host, port);
    }

    /** Echoes caller input in a reason without its control characters or a megabyte of it. */
    static String quoted(String text) {
        if (text == null) {
            return "null";
        }
        String shown = text.length() <= 64 ? text : text.substring(0, 64) + "...";
        return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
