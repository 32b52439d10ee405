package dev.tcpfleet.domain.lb;

import java.util.ArrayList;
import java.util.List;

/**
 * A complete {@code haproxy.cfg} (HAProxy 2.2 or newer) for a spec. It keeps what the old script meant and drops
 * what defeated it:
 * <ul>
 * <li>{@code option httpclose} closed every connection after one request, backend ones included; HTTP keep-alive
 * with {@code http-reuse safe} and a pool of idle backend connections replaces it.</li>
 * <li>{@code option httplog} without {@code log global} logged nothing (HAProxy warns about it).</li>
 * <li>{@code option httpchk GET /health} is the pre-2.2 form of {@code http-check send}.</li>
 * <li>{@code daemon}: the process stays in the foreground for systemd ({@code -Ws}) or a container, logging to
 * stdout.</li>
 * </ul>
 */
public final class HaproxyRenderer {
    static final String FRONTEND = "tcpfleet_frontend";
    static final String BACKEND = "tcpfleet_backends";

    private HaproxyRenderer() {
    }

    public static String render(LbSpec spec) {
        StringBuilder out = new StringBuilder();
        out.append("# Rendered by tcpfleet; check with haproxy -c -f <this file>.\n");
        section(out, "global", List.of(
                "maxconn " + spec.maxconn(),
                "log stdout format raw local0"));
        section(out, "defaults", List.of(
                "mode http",
                "log global",
                "option httplog",
                "option dontlognull",
                "timeout connect " + Durations.of(spec.connectTimeoutMs()),
                "timeout client " + Durations.of(spec.clientTimeoutMs()),
                "timeout server " + Durations.of(spec.serverTimeoutMs()),
                "timeout http-keep-alive " + Durations.of(spec.clientKeepaliveTimeoutMs()),
                "timeout check " + Durations.of(spec.checkTimeoutMs()),
                "retries " + spec.retries(),
                "option redispatch",
                "option http-keep-alive",
                "http-reuse safe"));
        section(out, "frontend " + FRONTEND, List.of(
                "bind " + NetAddresses.hostPort(spec.bindAddress(), spec.bindPort()),
                "maxconn " + spec.maxconn(),
                "backlog " + spec.backlog(),
                "option forwardfor",
                "default_backend " + BACKEND));
        List<String> backend = new ArrayList<>(List.of(
                "balance roundrobin",
                "option httpchk",
                "http-check send meth GET uri " + spec.healthPath(),
                "http-check expect status 200-399",
                "default-server check inter " + Durations.of(spec.checkIntervalMs()) + " fall " + spec.maxFails()
                        + " rise 2 pool-max-conn " + spec.keepalivePool()
                        + " pool-purge-delay " + Durations.of(spec.keepaliveTimeoutMs())
                        + " max-reuse " + spec.keepaliveRequests()));
        for (int i = 0; i < spec.backends().size(); i++) {
            backend.add("server backend" + (i + 1) + " " + spec.backends().get(i).address());
        }
        section(out, "backend " + BACKEND, backend);
        return out.toString();
    }

    private static void section(StringBuilder out, String header, List<String> lines) {
        out.append('\n').append(header).append('\n');
        lines.forEach(line -> out.append("    ").append(line).append('\n'));
    }
}
