package dev.tcpfleet.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.testing.RepoPaths;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docker-compose.yml grants the agent what {@link LeastPrivilegeIT} proves, and refuses to start without secrets. */
class ComposeFileTest {
    @Test
    void theAgentHasTheProvenCapabilitiesAndTheKeyPairIsRequired() throws IOException {
        Map<?, ?> services = (Map<?, ?>) Serialization.yamlMapper()
                .readValue(Files.readString(RepoPaths.root().resolve("docker-compose.yml")), Map.class).get("services");
        Map<?, ?> agent = (Map<?, ?>) services.get("host-agent");
        Map<?, ?> agentEnv = (Map<?, ?>) agent.get("environment");
        Map<?, ?> controlPlaneEnv = (Map<?, ?>) ((Map<?, ?>) services.get("control-plane")).get("environment");

        assertAll(
                () -> assertEquals(AgentPrivileges.containerNames(), agent.get("cap_add")),
                () -> assertEquals(List.of("ALL"), agent.get("cap_drop")),
                () -> assertTrue(!agent.containsKey("privileged"), "not privileged"),
                () -> assertEquals("host", agent.get("pid")),
                () -> assertTrue(((List<?>) agent.get("volumes")).contains("/proc/sys/net:/host/proc/sys/net")),
                () -> assertEquals("/host/proc/sys", agentEnv.get("TCPFLEET_AGENT_PROC_SYS_ROOT")),
                () -> assertTrue(String.valueOf(agentEnv.get("TCPFLEET_AGENT_COMMAND_PUBLIC_KEY"))
                        .startsWith("${TCPFLEET_AGENT_COMMAND_PUBLIC_KEY:?"), "compose refuses to start without it"),
                () -> assertTrue(String.valueOf(controlPlaneEnv.get("TCPFLEET_COMMANDS_SIGNING_KEY"))
                        .startsWith("${TCPFLEET_COMMANDS_SIGNING_KEY:?"), "compose refuses to start without it"),
                () -> assertTrue(String.valueOf(controlPlaneEnv.get("TCPFLEET_AUTH_BOOTSTRAP_TOKEN"))
                        .startsWith("${TCPFLEET_AUTH_BOOTSTRAP_TOKEN:?"), "compose refuses to start without it"));
    }
}
