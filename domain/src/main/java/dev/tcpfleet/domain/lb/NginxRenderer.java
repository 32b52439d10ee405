package dev.tcpfleet.domain.lb;

/**
 * nginx configuration for a spec, in two layouts: {@link #httpContext} for a file included inside an existing
 * {@code http {}} block (Debian's {@code /etc/nginx/conf.d/}), and {@link #standalone} for a whole
 * {@code nginx.conf} that also sets the worker limits {@code maxconn} needs.
 *
 * <p>It keeps the old script's upstream keep-alive pool with {@code proxy_http_version 1.1} and an empty
 * {@code Connection} header, without which nginx would close every pooled connection. It drops the old
 * {@code location /health} that answered "healthy" from nginx itself: it hid the backends' own health path and
 * said nothing about them. Its {@code add_header Content-Type} also sent a second Content-Type header.
 */
public final class NginxRenderer {
    static final String UPSTREAM = "tcpfleet_backends";

    private NginxRenderer() {
    }

    /** The {@code upstream} and {@code server} blocks, for a file included inside {@code http {}}. */
    public static String httpContext(LbSpec spec) {
        StringBuilder out = new StringBuilder();
        out.append("# Rendered by tcpfleet, for inside http {}. nginx (not Plus) has no active health checks: a\n");
        out.append("# backend is rested for fail_timeout after max_fails failed requests, which go to the next one.\n");
        out.append("upstream ").append(UPSTREAM).append(" {\n");
        String failures = " max_fails=" + spec.maxFails() + " fail_timeout=" + Durations.of(spec.failTimeoutMs());
        spec.backends().forEach(b -> out.append("    server ").append(b.address()).append(failures).append(";\n"));
        if (spec.keepalivePool() > 0) {
            out.append("    keepalive ").append(spec.keepalivePool()).append(";\n");
            out.append("    keepalive_requests ").append(spec.keepaliveRequests()).append(";\n");
            out.append("    keepalive_timeout ").append(Durations.of(spec.keepaliveTimeoutMs())).append(";\n");
        }
        out.append("}\n\n");
        out.append("server {\n");
        out.append("    listen ").append(NetAddresses.hostPort(spec.bindAddress(), spec.bindPort()))
                .append(" backlog=").append(spec.backlog()).append(";\n");
        out.append("    keepalive_timeout ").append(Durations.of(spec.clientKeepaliveTimeoutMs())).append(";\n");
        String client = Durations.of(spec.clientTimeoutMs());
        out.append("    client_header_timeout ").append(client).append(";\n");
        out.append("    client_body_timeout ").append(client).append(";\n");
        out.append("    send_timeout ").append(client).append(";\n\n");
        out.append("    location / {\n");
        directives(out, "        ",
                "proxy_pass http://" + UPSTREAM,
                "proxy_http_version 1.1",
                "proxy_set_header Connection \"\"",
                "proxy_set_header Host $host",
                "proxy_set_header X-Real-IP $remote_addr",
                "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for",
                "proxy_set_header X-Forwarded-Proto $scheme",
                "proxy_connect_timeout " + Durations.of(spec.connectTimeoutMs()),
                "proxy_send_timeout " + Durations.of(spec.serverTimeoutMs()),
                "proxy_read_timeout " + Durations.of(spec.serverTimeoutMs()),
                // HAProxy's retries count attempts after the first; nginx's tries count the first too
                "proxy_next_upstream error timeout",
                "proxy_next_upstream_tries " + (spec.retries() + 1));
        out.append("    }\n}\n");
        return out.toString();
    }

    /**
     * A whole {@code nginx.conf}, to run as {@code nginx -p DIR -c DIR/nginx.conf}: its pid, logs and temporary
     * files are relative, so they live in {@code DIR}.
     */
    public static String standalone(LbSpec spec) {
        // every proxied request holds two connections, the client's and the backend's
        long connections = 2L * spec.maxconn() + spec.keepalivePool();
        StringBuilder out = new StringBuilder();
        out.append("# Rendered by tcpfleet: run as nginx -p DIR -c DIR/nginx.conf; relative paths are in DIR.\n");
        directives(out, "",
                "worker_processes auto",
                "worker_rlimit_nofile " + (connections + 64),
                "pid nginx.pid",
                "error_log error.log");
        out.append("\nevents {\n");
        directives(out, "    ", "worker_connections " + connections);
        out.append("}\n\nhttp {\n");
        directives(out, "    ",
                "access_log access.log",
                "client_body_temp_path client_body_temp",
                "proxy_temp_path proxy_temp",
                "fastcgi_temp_path fastcgi_temp",
                "uwsgi_temp_path uwsgi_temp",
                "scgi_temp_path scgi_temp");
        out.append('\n');
        httpContext(spec).lines().forEach(line -> out.append(line.isEmpty() ? "" : "    " + line).append('\n'));
        out.append("}\n");
        return out.toString();
    }

    private static void directives(StringBuilder out, String indent, String... lines) {
        for (String line : lines) {
            out.append(indent).append(line).append(";\n");
        }
    }
}
