package dev.tcpfleet.agent.procfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ListenBacklogsTest {

    @Test
    void readsBacklogsPerSocketInodeAsSsPrintsThem() {
        String ss = """
                LISTEN 0      4096         127.0.0.1:8080       0.0.0.0:* uid:107 ino:10958 sk:29 cgroup:/ <->
                LISTEN 3      2                [::1]:80            [::]:* ino:4636 sk:2b cgroup:/ v6only:1 <->
                LISTEN 0      128                  *:22               *:* ino:77 sk:2c cgroup:/ v6only:0 <->
                LISTEN 0      5        127.0.0.53%lo:53         0.0.0.0:* ino:78 sk:2d <->
                LISTEN 0      9        127.0.0.1:9                0.0.0.0:* sk:2e
                garbage line
                LISTEN x y z w ino:5
                """;

        assertEquals(Map.of(10958L, 4096L, 4636L, 2L, 77L, 128L, 78L, 5L), ListenBacklogs.parse(ss));
    }

    @Test
    void aMissingSsIsAReasonNotAnError() {
        ListenBacklogs.Result result = new ListenBacklogs("/nonexistent/ss").read();

        assertTrue(result.backlogs().isEmpty());
        assertTrue(result.unavailableReason().orElseThrow().contains("install iproute2"), result.toString());
    }

    @Test
    void theRealSsKnowsThisMachinesListeners() {
        ListenBacklogs.Result result = new ListenBacklogs("ss").read();

        assertEquals(java.util.Optional.empty(), result.unavailableReason());
        assertTrue(result.backlogs().values().stream().allMatch(backlog -> backlog >= 0), result.toString());
    }
}
