package dev.tcpfleet.controlplane.campaigns;

import dev.tcpfleet.controlplane.hosts.SelectorRequest;

/**
 * The body of {@code POST /api/campaigns}: one test that every selected host runs against one target.
 *
 * @param selector             which hosts run it (ids, labels or all; stale hosts left out unless asked)
 * @param target               {@code address:port}, an IP literal ({@code [fd00::5]:80} for IPv6): the control plane
 *                             resolves no names, so what it checks against the allowlist is what hosts connect to
 * @param kind                 {@code connect_load} (default) or {@code latency_probe}
 * @param connections          per host; for a latency probe, the probes
 * @param concurrency          per host, at most this many open at once; 1 for a latency probe
 * @param rate                 per host, connections started per second
 * @param durationSeconds      each host's test ends after this, however far it got
 * @param connectTimeoutMillis a connect (or exchange) taking longer fails as a timeout; default 5000
 * @param payload              sent on each connection, as UTF-8; none by default
 * @param readBytes            then read this many bytes or until the server closes; default 0
 */
public record CampaignRequest(SelectorRequest selector, String target, String kind, Integer connections,
        Integer concurrency, Integer rate, Integer durationSeconds, Integer connectTimeoutMillis, String payload,
        Integer readBytes) {
}
