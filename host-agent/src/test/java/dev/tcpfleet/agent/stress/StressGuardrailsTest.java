package dev.tcpfleet.agent.stress;

import dev.tcpfleet.domain.stress.TargetAllowlist;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.protocol.stress.StressKind;
import dev.tcpfleet.protocol.stress.StressRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StressGuardrailsTest {
    private static final StressLimits LIMITS = new StressLimits(1000, 100, 500, 30_000, 0.5);
    private static final StressGuardrails LOCAL = StressGuardrails.local(LIMITS);
    private static final Headroom PLENTY = new Headroom(28_000L, 200_000L, 10_000L, 1_000_000L, Map.of());

    private static StressRequest request(int connections, int concurrency, Integer rate, long durationMillis) {
        return new StressRequest(StressRequest.SCHEMA_VERSION, "t", StressKind.CONNECT_LOAD, "10.20.0.5", 443,
                connections, concurrency, rate, null, null, 0, 1000, durationMillis);
    }

    private static InetAddress address(String text) throws UnknownHostException {
        return InetAddress.getByName(text);
    }

    @Test
    void aRequestWithinTheCapsRuns() throws UnknownHostException {
        assertEquals(Optional.empty(), LOCAL.refusal(request(1000, 100, 500, 30_000), address("10.20.0.5")));
        assertEquals(Optional.empty(), LOCAL.refusal(request(1000, 100, 500, 30_000), PLENTY));
    }

    @Test
    void eachCapRefusesWithItsName() throws UnknownHostException {
        InetAddress target = address("10.20.0.5");
        assertEquals(Optional.of("connections 1001 exceeds this host's cap of 1000"),
                LOCAL.refusal(request(1001, 100, 500, 30_000), target));
        assertEquals(Optional.of("concurrency 101 exceeds this host's cap of 100"),
                LOCAL.refusal(request(1000, 101, 500, 30_000), target));
        assertEquals(Optional.of("rate 501 exceeds this host's cap of 500"),
                LOCAL.refusal(request(1000, 100, 501, 30_000), target));
        assertEquals(Optional.of("an unlimited rate exceeds the cap of 500 connections per second"),
                LOCAL.refusal(request(1000, 100, null, 30_000), target));
        assertEquals(Optional.of("duration (ms) 30001 exceeds this host's cap of 30000"),
                LOCAL.refusal(request(1000, 100, 500, 30_001), target));
    }

    @Test
    void fleetTestsRunOnlyAgainstTheAllowlist() throws UnknownHostException {
        StressGuardrails fleet = StressGuardrails.fleet(LIMITS,
                TargetAllowlist.of(List.of("10.20.0.0/16"), List.of("443")));

        assertEquals(Optional.empty(), fleet.refusal(request(10, 1, 10, 1000), address("10.20.0.5")));
        Optional<String> refusal = fleet.refusal(request(10, 1, 10, 1000), address("93.184.216.34"));
        assertEquals(Optional.of("target 10.20.0.5:443 (93.184.216.34) is not in this host's stress-test allowlist"
                + " (tcpfleet.agent.stress.allow-networks, env TCPFLEET_AGENT_STRESS_ALLOW_NETWORKS: add"
                + " 93.184.216.34/32)"), refusal, "the resolved address is judged, not the name asked for");
    }

    @Test
    void aFleetTestsRefusalNamesTheAgentSettingThatWouldLetItRun() throws UnknownHostException {
        StressGuardrails fleet = StressGuardrails.fleet(LIMITS,
                TargetAllowlist.of(List.of("10.20.0.0/16"), List.of("443")));
        InetAddress target = address("10.20.0.5");

        assertEquals(Optional.of("target 10.20.0.5:8080 (10.20.0.5): port 8080 is not in this host's stress-test"
                + " allowlist (tcpfleet.agent.stress.allow-ports, env TCPFLEET_AGENT_STRESS_ALLOW_PORTS: add 8080)"),
                fleet.refusal(new StressRequest(StressRequest.SCHEMA_VERSION, "t", StressKind.CONNECT_LOAD,
                        "10.20.0.5", 8080, 10, 1, 10, null, null, 0, 1000, 1000), target));
        assertEquals(Optional.of("connections 1001 exceeds this host's cap of 1000 (tcpfleet.agent.stress"
                + ".max-connections, env TCPFLEET_AGENT_STRESS_MAX_CONNECTIONS: raise it to 1001)"),
                fleet.refusal(request(1001, 100, 500, 30_000), target));
        assertEquals(Optional.of("duration (ms) 30001 exceeds this host's cap of 30000 (tcpfleet.agent.stress"
                + ".max-duration, env TCPFLEET_AGENT_STRESS_MAX_DURATION: raise it to 31s)"),
                fleet.refusal(request(1000, 100, 500, 30_001), target));
    }

    @Test
    void theLocalOperatorMayAimAnywhere() throws UnknownHostException {
        assertEquals(Optional.empty(), LOCAL.refusal(request(10, 1, 10, 1000), address("93.184.216.34")));
    }

    @Test
    void aTestMayUseOnlyItsShareOfEachHeadroom() {
        StressRequest request = request(1000, 100, 500, 30_000);
        Map<String, Headroom> tight = Map.of(
                "ephemeral ports toward 10.20.0.5:443", new Headroom(1999L, 200_000L, 10_000L, 1_000_000L, Map.of()),
                "conntrack entries", new Headroom(28_000L, 1999L, 10_000L, 1_000_000L, Map.of()),
                "file descriptors of this process", new Headroom(28_000L, 200_000L, 199L, 1_000_000L, Map.of()),
                "file handles of this host", new Headroom(28_000L, 200_000L, 10_000L, 199L, Map.of()));
        tight.forEach((resource, headroom) -> {
            Optional<String> refusal = LOCAL.refusal(request, headroom);
            assertTrue(refusal.isPresent() && refusal.get().contains(resource) && refusal.get().contains("50%"),
                    resource + ": " + refusal);
        });
        assertEquals(Optional.empty(), LOCAL.refusal(request, new Headroom(2000L, 2000L, 200L, 200L, Map.of())),
                "exactly half is allowed");
    }

    @Test
    void anUnreadableFigureDoesNotRefuse() {
        Headroom unknown = new Headroom(null, null, null, null, Map.of("ephemeralPorts", "unreadable"));
        assertEquals(Optional.empty(), LOCAL.refusal(request(1000, 100, 500, 30_000), unknown));
    }
}
