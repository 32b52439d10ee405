package dev.tcpfleet.agent.stress;

import dev.tcpfleet.domain.stress.AgentStressRefusals;
import dev.tcpfleet.domain.stress.TargetAllowlist;
import dev.tcpfleet.protocol.stress.StressRequest;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether this host runs a test: the target on the allowlist (fleet tests only), the request within the caps, and
 * enough headroom left for the host's real traffic. The control plane checks the same before sending; the agent
 * checks again because a fleet must never become a flood against an arbitrary address, whatever reaches it.
 */
public final class StressGuardrails {
    private final StressLimits limits;
    private final TargetAllowlist allowlist;

    private StressGuardrails(StressLimits limits, TargetAllowlist allowlist) {
        this.limits = limits;
        this.allowlist = allowlist;
    }

    /** For tests the control plane sends: allowlisted targets only. */
    public static StressGuardrails fleet(StressLimits limits, TargetAllowlist allowlist) {
        return new StressGuardrails(limits, allowlist);
    }

    /** For the local operator, who may aim anywhere; caps and headroom still hold. */
    public static StressGuardrails local(StressLimits limits) {
        return new StressGuardrails(limits, null);
    }

    /**
     * Why {@code request} against {@code address} may not run, judged before reading any headroom. A fleet test's
     * refusal names the agent setting that would let it run: its reader is an operator far from this host's config.
     */
    public Optional<String> refusal(StressRequest request, InetAddress address) {
        Optional<String> offAllowlist = allowlist == null ? Optional.empty()
                : AgentStressRefusals.offAllowlist(allowlist, request, address);
        if (offAllowlist.isPresent()) {
            return offAllowlist;
        }
        if (request.connections() > limits.maxConnections()) {
            return cap("connections", request.connections(), limits.maxConnections(), "max-connections",
                    Long.toString(request.connections()));
        }
        if (request.concurrency() > limits.maxConcurrency()) {
            return cap("concurrency", request.concurrency(), limits.maxConcurrency(), "max-concurrency",
                    Long.toString(request.concurrency()));
        }
        if (request.maxRate() == null) {
            return Optional.of("an unlimited rate exceeds the cap of " + limits.maxRate() + " connections per second");
        }
        if (request.maxRate() > limits.maxRate()) {
            return cap("rate", request.maxRate(), limits.maxRate(), "max-rate", Long.toString(request.maxRate()));
        }
        if (request.durationCapMillis() > limits.maxDurationMillis()) {
            return cap("duration (ms)", request.durationCapMillis(), limits.maxDurationMillis(), "max-duration",
                    (request.durationCapMillis() + 999) / 1000 + "s");
        }
        return Optional.empty();
    }

    /**
     * Why the test would starve the host's real traffic: every connection may leave a TIME_WAIT holding its
     * ephemeral port and a conntrack entry behind, and every open one holds a file descriptor. A figure that
     * could not be read does not refuse: the caps still bound the test.
     */
    public Optional<String> refusal(StressRequest request, Headroom headroom) {
        int concurrency = Math.min(request.concurrency(), request.connections());
        return starved("ephemeral ports toward " + request.target(), request.connections(),
                headroom.ephemeralPortsFree())
                .or(() -> starved("conntrack entries", request.connections(), headroom.conntrackFree()))
                .or(() -> starved("file descriptors of this process", concurrency, headroom.processFilesFree()))
                .or(() -> starved("file handles of this host", concurrency, headroom.systemFilesFree()));
    }

    private Optional<String> starved(String resource, long needed, Long free) {
        if (free == null || needed <= limits.headroomShare() * free) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "not enough headroom: the test needs up to %d %s, %d are free"
                + " and a test may use at most %.0f%% of them", needed, resource, free, limits.headroomShare() * 100)
                + setting("headroom-share", "a larger share leaves less to the host's own traffic"));
    }

    private Optional<String> cap(String what, long requested, long cap, String key, String needed) {
        return Optional.of(what + " " + requested + " exceeds this host's cap of " + cap
                + setting(key, "raise it to " + needed));
    }

    /** The setting to change, for a fleet test; a local test's caps are its command's own options, so nothing. */
    private String setting(String key, String advice) {
        return allowlist == null ? "" : AgentStressRefusals.setting(key, advice);
    }
}
