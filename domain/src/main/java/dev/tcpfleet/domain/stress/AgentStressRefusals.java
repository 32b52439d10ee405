package dev.tcpfleet.domain.stress;

import dev.tcpfleet.protocol.stress.StressRequest;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Optional;

/**
 * An agent's refusals of a fleet test in the agent's words, each naming the agent setting (and its environment
 * variable) that would let the test run: the reader is an operator far from the host's config. Here rather than in
 * the agent so that a simulated host refuses exactly as an agent does.
 */
public final class AgentStressRefusals {
    /** Where the agent's fleet-test settings live (the agent's AgentConfig.Stress). */
    public static final String SETTINGS = "tcpfleet.agent.stress.";

    private AgentStressRefusals() {
    }

    /** Why a test toward {@code host} cannot run: the name does not resolve. */
    public static String unresolvable(String host) {
        return "cannot resolve " + host;
    }

    /** Why {@code request}, resolved to {@code address}, is off the host's {@code allowlist}: its network or port. */
    public static Optional<String> offAllowlist(TargetAllowlist allowlist, StressRequest request, InetAddress address) {
        String target = "target " + request.target() + " (" + address.getHostAddress() + ")";
        if (!allowlist.permitsAddress(address)) {
            return Optional.of(target + " is not in this host's stress-test allowlist" + setting("allow-networks",
                    "add " + address.getHostAddress() + (address.getAddress().length == 4 ? "/32" : "/128")));
        }
        if (!allowlist.permitsPort(request.port())) {
            return Optional.of(target + ": port " + request.port() + " is not in this host's stress-test allowlist"
                    + setting("allow-ports", "add " + request.port()));
        }
        return Optional.empty();
    }

    /** " (tcpfleet.agent.stress.KEY, env TCPFLEET_AGENT_STRESS_KEY: ADVICE)", to end a refusal with. */
    public static String setting(String key, String advice) {
        String property = SETTINGS + key;
        return " (" + property + ", env " + property.toUpperCase(Locale.ROOT).replaceAll("[.-]", "_") + ": "
                + advice + ")";
    }
}
