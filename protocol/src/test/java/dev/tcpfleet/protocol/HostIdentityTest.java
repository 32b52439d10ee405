package dev.tcpfleet.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HostIdentityTest {

    @Test
    void whatAgentsSendHasNoProblem() {
        assertEquals(Optional.empty(), new HostIdentity("web-1.prod:2", "web-1.example.com",
                Map.of("env", "prod", "team/owner", "net_ops"), "0.1.0-SNAPSHOT").problem());
    }

    static Stream<Arguments> hostile() {
        return Stream.of(
                Arguments.of(new HostIdentity("x'; DROP TABLE hosts; --", "h", Map.of(), "1"), "hostId"),
                Arguments.of(new HostIdentity("<script>", "h", Map.of(), "1"), "hostId"),
                Arguments.of(new HostIdentity("h", "h".repeat(254), Map.of(), "1"), "hostname"),
                Arguments.of(new HostIdentity("h", "web-1\nevil", Map.of(), "1"), "hostname"),
                Arguments.of(new HostIdentity("h", "h", Map.of(), "1.0 <b>"), "agentVersion"),
                Arguments.of(new HostIdentity("h", "h", Map.of("<script>", "x"), "1"), "labels"),
                Arguments.of(new HostIdentity("h", "h", Map.of("env", "prod'--"), "1"), "labels"),
                Arguments.of(new HostIdentity("h", "h", IntStream.range(0, 65).boxed()
                        .collect(Collectors.toMap(i -> "k" + i, i -> "v")), "1"), "labels"));
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void whatNoAgentSendsIsAProblemNamingTheField(HostIdentity identity, String field) {
        String problem = identity.problem().orElseThrow();
        assertTrue(problem.startsWith(field), problem);
    }
}
