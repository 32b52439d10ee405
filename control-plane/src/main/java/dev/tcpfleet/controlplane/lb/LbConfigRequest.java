package dev.tcpfleet.controlplane.lb;

import dev.tcpfleet.controlplane.hosts.SelectorRequest;
import java.util.List;

/**
 * The body of {@code POST /api/lb/haproxy} and {@code /api/lb/nginx}: the backends, either {@code backends} as
 * {@code host:port} texts or the hosts a {@code selector} matches with one {@code port}, and the spec's optional settings (see
 * {@link dev.tcpfleet.domain.lb.LbSpec}; left out, the old script's defaults). {@code lbHostId} names the host the
 * balancer will run on, when it is a registered one, so that its kernel is checked too.
 */
public record LbConfigRequest(
        List<String> backends,
        SelectorRequest selector,
        Integer port,
        String lbHostId,
        String bindAddress,
        Integer bindPort,
        Integer maxconn,
        Integer backlog,
        Integer connectTimeoutMs,
        Integer clientTimeoutMs,
        Integer serverTimeoutMs,
        Integer clientKeepaliveTimeoutMs,
        String healthPath,
        Integer checkIntervalMs,
        Integer checkTimeoutMs,
        Integer retries,
        Integer maxFails,
        Integer failTimeoutMs,
        Integer keepalivePool,
        Integer keepaliveRequests,
        Integer keepaliveTimeoutMs) {
}
