package dev.tcpfleet.domain.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcpfleet.protocol.stress.StressKind;
import dev.tcpfleet.protocol.stress.StressRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentStressRefusalsTest {
    private static final TargetAllowlist ALLOWLIST = TargetAllowlist.of(List.of("10.20.0.0/16"), List.of("443"));

    private static StressRequest toward(String host, int port) {
        return new StressRequest(StressRequest.SCHEMA_VERSION, "t", StressKind.CONNECT_LOAD, host, port, 10, 1, 10,
                null, null, 0, 1000, 1000);
    }

    /** The refusal of a test toward {@code host}, an address literal, as an agent judges it. */
    private static Optional<String> refusal(String host, int port) throws UnknownHostException {
        return AgentStressRefusals.offAllowlist(ALLOWLIST, toward(host, port), InetAddress.getByName(host));
    }

    @Test
    void aTargetOnTheAllowlistIsNotRefused() throws UnknownHostException {
        assertEquals(Optional.empty(), refusal("10.20.0.5", 443));
    }

    @Test
    void aTargetOffTheAllowlistNamesTheSettingAndItsEnvironmentVariable() throws UnknownHostException {
        assertEquals(Optional.of("target 10.21.0.5:443 (10.21.0.5) is not in this host's stress-test allowlist"
                + " (tcpfleet.agent.stress.allow-networks, env TCPFLEET_AGENT_STRESS_ALLOW_NETWORKS:"
                + " add 10.21.0.5/32)"),
                refusal("10.21.0.5", 443));
        assertEquals(Optional.of("target [fd00::1]:443 (fd00:0:0:0:0:0:0:1) is not in this host's stress-test"
                + " allowlist (tcpfleet.agent.stress.allow-networks, env TCPFLEET_AGENT_STRESS_ALLOW_NETWORKS: add"
                + " fd00:0:0:0:0:0:0:1/128)"),
                refusal("fd00::1", 443));
        assertEquals(Optional.of("target 10.20.0.5:80 (10.20.0.5): port 80 is not in this host's stress-test"
                + " allowlist (tcpfleet.agent.stress.allow-ports, env TCPFLEET_AGENT_STRESS_ALLOW_PORTS: add 80)"),
                refusal("10.20.0.5", 80));
    }
}
