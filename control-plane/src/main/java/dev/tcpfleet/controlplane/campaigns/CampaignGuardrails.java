package dev.tcpfleet.controlplane.campaigns;

import dev.tcpfleet.controlplane.errors.Refused;
import dev.tcpfleet.domain.stress.TargetAllowlist;
import dev.tcpfleet.protocol.stress.StressKind;
import dev.tcpfleet.protocol.stress.StressRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Whether a campaign may be sent, before anything is: a target on the administrator's allowlist, a test within the
 * per-host caps, and the fleet within its connection budget and number of running campaigns. A fleet must never
 * become a flood against an arbitrary address; each agent checks the same again.
 */
public final class CampaignGuardrails {
    private final Limits limits;
    private final TargetAllowlist allowlist;

    /**
     * @param connectionBudget connections all running campaigns may open together, hosts × connections each
     * @param maxRunning       campaigns running at once
     */
    public record Limits(int maxConnectionsPerHost, int maxConcurrency, int maxRate, int maxDurationSeconds,
            int maxHosts, long connectionBudget, int maxRunning) {
    }

    /** A campaign still running: its hosts each open {@code connectionsPerHost}. */
    public record Running(String id, int hosts, int connectionsPerHost) {
        long connections() {
            return (long) hosts * connectionsPerHost;
        }
    }

    public CampaignGuardrails(Limits limits, TargetAllowlist allowlist) {
        this.limits = limits;
        this.allowlist = allowlist;
    }

    /** The test every host of campaign {@code campaignId} is sent, once {@code body} passes every per-host check. */
    public StressRequest request(String campaignId, CampaignRequest body) {
        StressKind kind = kind(body.kind());
        boolean probe = kind == StressKind.LATENCY_PROBE;
        if (body.target() == null || body.target().isBlank()) {
            throw invalid("target", "target is required: address:port, e.g. 10.0.0.5:8080 or [fd00::5]:8080");
        }
        int port = port(body.target());
        InetAddress address = address(body.target());
        if (!allowlist.permits(address, port)) {
            throw Refused.forbidden("target_not_allowed", "target", "target " + body.target() + " is not on the"
                    + " administrator's allowlist (tcpfleet.campaigns.allow-networks and allow-ports)");
        }
        int connections = within("connections", body.connections(), probe ? 5 : 100, limits.maxConnectionsPerHost());
        int concurrency = within("concurrency", body.concurrency(), probe ? 1 : 10, limits.maxConcurrency());
        if (probe && concurrency != 1) {
            throw invalid("concurrency", "a latency probe connects one at a time: concurrency is 1");
        }
        int rate = within("rate", body.rate(), probe ? 10 : 100, limits.maxRate());
        int duration = within("durationSeconds", body.durationSeconds(), 10, limits.maxDurationSeconds());
        int connectTimeout = within("connectTimeoutMillis", body.connectTimeoutMillis(), 5000, 60_000);
        int readBytes = body.readBytes() == null ? 0 : body.readBytes();
        if (readBytes < 0 || readBytes > 1 << 20) {
            throw invalid("readBytes", "readBytes is 0 to " + (1 << 20) + " (got " + readBytes + ")");
        }
        if (probe && (body.payload() != null || readBytes != 0)) {
            throw invalid(body.payload() != null ? "payload" : "readBytes", "a latency probe only connects");
        }
        return new StressRequest(StressRequest.SCHEMA_VERSION, campaignId, kind, address.getHostAddress(), port,
                connections, concurrency, rate, body.payload(), null, readBytes, connectTimeout, duration * 1000L);
    }

    /** Refuses a campaign of {@code hosts} hosts × {@code connectionsPerHost} that the fleet cannot take now. */
    public void checkFleet(int hosts, int connectionsPerHost, List<Running> running) {
        if (hosts > limits.maxHosts()) {
            throw invalid("selector", "the selector matches " + hosts + " hosts; a campaign may use at most "
                    + limits.maxHosts());
        }
        if (running.size() >= limits.maxRunning()) {
            throw Refused.conflict("fleet_busy", null, running.size() + " campaigns are running, the most at once"
                    + " is " + limits.maxRunning() + "; wait for one to end or stop one");
        }
        long wanted = (long) hosts * connectionsPerHost;
        long used = running.stream().mapToLong(Running::connections).sum();
        if (wanted > limits.connectionBudget()) {
            throw invalid("connections", hosts + " hosts × " + connectionsPerHost + " connections = " + wanted
                    + " exceeds the fleet's connection budget of " + limits.connectionBudget());
        }
        if (used + wanted > limits.connectionBudget()) {
            throw Refused.conflict("fleet_busy", "connections", hosts + " hosts × " + connectionsPerHost
                    + " connections = " + wanted + " beside the " + used + " of running campaigns exceeds the fleet's"
                    + " connection budget of " + limits.connectionBudget());
        }
    }

    private static StressKind kind(String kind) {
        if (kind == null || kind.equals("connect_load")) {
            return StressKind.CONNECT_LOAD;
        }
        if (kind.equals("latency_probe")) {
            return StressKind.LATENCY_PROBE;
        }
        throw invalid("kind", "kind is \"connect_load\" or \"latency_probe\"");
    }

    private static int port(String target) {
        int colon = target.lastIndexOf(':');
        try {
            int port = Integer.parseInt(target.substring(colon + 1));
            if (colon > 0 && port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw invalid("target", "target " + target + " ends in no port: address:port, e.g. 10.0.0.5:8080");
    }

    /** An IP literal only: a name would be resolved by each host, perhaps to an address nobody checked. */
    private static InetAddress address(String target) {
        String host = target.substring(0, target.lastIndexOf(':'));
        boolean v6 = host.startsWith("[") && host.endsWith("]") && host.matches("\\[[0-9a-fA-F:.]+\\]");
        if (v6 || host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            try {
                return InetAddress.getByName(v6 ? host.substring(1, host.length() - 1) : host);
            } catch (UnknownHostException e) {
                // below
            }
        }
        throw invalid("target", "target " + target + " is not an IP address and port: names are not resolved"
                + " here, so give the address, e.g. 10.0.0.5:8080 or [fd00::5]:8080");
    }

    private static int within(String field, Integer value, int fallback, int max) {
        int chosen = value == null ? fallback : value;
        if (chosen < 1 || chosen > max) {
            throw invalid(field, field + " is 1 to " + max + " (got " + chosen + ")");
        }
        return chosen;
    }

    private static Refused invalid(String field, String detail) {
        return Refused.invalid(field, detail);
    }
}
