package dev.tcpfleet.protocol.stress;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * One test a host runs against one target: a connection load or a latency probe. The record checks only that
 * it is coherent; whether this host may run it (allowlist, caps, headroom) is the agent's guardrails' call.
 *
 * @param schemaVersion        {@link #SCHEMA_VERSION} of the writer
 * @param testId               the campaign's id for this run, carried back in the result
 * @param kind                 what it measures; a {@link StressKind#LATENCY_PROBE} runs one connection at a time
 * @param host                 the target's name or address
 * @param port                 the target's port
 * @param connections          connections to open in all
 * @param concurrency          at most this many open at once
 * @param maxRate              connections started per second at most; null for as fast as concurrency allows
 * @param payloadText          sent on each connection once it is up, as UTF-8; null for nothing
 * @param payloadBase64        the same for binary payloads; at most one of the two
 * @param readBytes            then read until this many bytes came or the server closed; 0 reads nothing
 * @param connectTimeoutMillis a connect taking longer fails as {@link FailureClass#TIMEOUT}, as does an
 *                             exchange (payload and read) taking longer once connected
 * @param durationCapMillis    the test starts no connection after this and abandons those still open
 */
public record StressRequest(
        int schemaVersion,
        String testId,
        StressKind kind,
        String host,
        int port,
        int connections,
        int concurrency,
        Integer maxRate,
        String payloadText,
        String payloadBase64,
        int readBytes,
        long connectTimeoutMillis,
        long durationCapMillis) {

    public static final int SCHEMA_VERSION = 1;

    public StressRequest {
        require(testId != null && !testId.isBlank(), "testId", "is required");
        require(kind != null, "kind", "is required");
        require(host != null && !host.isBlank(), "host", "is required");
        require(port >= 1 && port <= 65535, "port", "must be between 1 and 65535, not " + port);
        require(connections >= 1, "connections", "must be at least 1, not " + connections);
        require(concurrency >= 1, "concurrency", "must be at least 1, not " + concurrency);
        require(kind != StressKind.LATENCY_PROBE || concurrency == 1, "concurrency",
                "must be 1 for a latency probe, not " + concurrency);
        require(maxRate == null || maxRate >= 1, "maxRate", "must be at least 1 per second, not " + maxRate);
        require(payloadText == null || payloadBase64 == null, "payloadBase64", "cannot go with payloadText");
        require(readBytes >= 0, "readBytes", "cannot be negative, not " + readBytes);
        require(connectTimeoutMillis >= 1, "connectTimeoutMillis", "must be at least 1, not " + connectTimeoutMillis);
        require(durationCapMillis >= 1, "durationCapMillis", "must be at least 1, not " + durationCapMillis);
        if (payloadBase64 != null) {
            try {
                Base64.getDecoder().decode(payloadBase64);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("payloadBase64 is not base64: " + e.getMessage());
            }
        }
    }

    /** {@code probes} connects one after another, at most {@code maxRate} a second, sending and reading nothing. */
    public static StressRequest latencyProbe(String testId, String host, int port, int probes, int maxRate,
                                             long connectTimeoutMillis, long durationCapMillis) {
        return new StressRequest(SCHEMA_VERSION, testId, StressKind.LATENCY_PROBE, host, port, probes, 1, maxRate,
                null, null, 0, connectTimeoutMillis, durationCapMillis);
    }

    /** The bytes sent on each connection; empty for none. */
    public byte[] payload() {
        if (payloadBase64 != null) {
            return Base64.getDecoder().decode(payloadBase64);
        }
        return payloadText == null ? new byte[0] : payloadText.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code host:port}, IPv6 literals bracketed. */
    public String target() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    private static void require(boolean valid, String field, String problem) {
        if (!valid) {
            throw new IllegalArgumentException(field + " " + problem);
        }
    }
}
