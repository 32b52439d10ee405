package dev.tcpfleet.agent.procfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ListenBacklogsTest {

    @Test
    void readsBacklogsAsSsPrintsThem() {
        String ss = """
                LISTEN 0      4096         127.0.0.1:8080       0.0.0.0:*
                LISTEN 3      2                [::1]:80            [::]:*
                LISTEN 0      128                  *:22               *:*
                LISTEN 0      5        127.0.0.53%lo:53         0.0.0.0:*
                LISTEN 0      50    [::ffff:10.0.0.1]:9000             *:*
                garbage line
                LISTEN x y z
                """;

        assertEquals(Map.of(
                "127.0.0.1 8080", 4096L,
                "::1 80", 2L,
                ":: 22", 128L,
                "127.0.0.53 53", 5L,
                "10.0.0.1 9000", 50L), ListenBacklogs.parse(ss));
    }

    @Test
    void keysMatchTheAgentsOwnAddressSpelling() {
        assertEquals(ListenBacklogs.key("::", 22), ListenBacklogs.key("*", 22));
        assertEquals(ListenBacklogs.key("::1", 80), ListenBacklogs.key("[::1]", 80));
    }

    @Test
    void aMissingSsIsAReasonNotAnError() {
        ListenBacklogs.Result result = new ListenBacklogs("/nonexistent/ss").read();

        assertTrue(result.backlogs().isEmpty());
        assertTrue(result.unavailableReason().orElseThrow().contains("iproute2"));
    }
}
