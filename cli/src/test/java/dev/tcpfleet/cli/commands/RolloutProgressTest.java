package dev.tcpfleet.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutProgressTest {
    private static JsonNode rollout(String state, String canaryHost, String... waveTwoHosts) throws Exception {
        StringBuilder hosts = new StringBuilder();
        for (int i = 0; i < waveTwoHosts.length; i++) {
            hosts.append(i == 0 ? "" : ",").append("{\"hostId\": \"h").append(i + 1).append("\", \"state\": \"")
                    .append(waveTwoHosts[i]).append("\"}");
        }
        return new ObjectMapper().readTree("""
                {"id": "r1", "profile": "p", "version": 2, "state": "%s", "reason": null, "percentApplied": 33,
                 "waves": [
                   {"wave": 0, "phase": "PASSED", "gate": "PASS", "hosts": [{"hostId": "h0", "state": "%s"}]},
                   {"wave": 1, "phase": "ANSWERING", "gate": null, "hosts": [%s]}]}
                """.formatted(state, canaryHost, hosts));
    }

    @Test
    void oneLineForTheRolloutThenABarPerWave() throws Exception {
        assertEquals(List.of("rollout r1  p v2  RUNNING  applied 33%",
                "  wave 0  [####################]  1/1  100%  PASSED  gate PASS",
                "  wave 1  [##########----------]  1/2  50%  ANSWERING"),
                RolloutProgress.lines(rollout("RUNNING", "applied", "applied", "sent")));
    }

    @Test
    void aWaitEndsWhenNothingMoreHappensWithoutAnOperator() throws Exception {
        assertFalse(RolloutProgress.ended(rollout("RUNNING", "applied", "sent", "sent")));
        assertFalse(RolloutProgress.ended(rollout("PAUSED", "applied", "pending", "pending")), "resume may come");
        assertFalse(RolloutProgress.ended(rollout("ROLLING_BACK", "applied", "pending", "pending")));
        assertTrue(RolloutProgress.ended(rollout("COMPLETED", "applied", "applied", "applied")));
        assertTrue(RolloutProgress.ended(rollout("HALTED", "failed", "pending", "pending")));
        assertTrue(RolloutProgress.ended(rollout("ROLLED_BACK", "rolled_back", "pending", "pending")));
        assertFalse(RolloutProgress.ended(rollout("DRY_RUN", "planned", "planned", "sent")), "a host still to answer");
        assertTrue(RolloutProgress.ended(rollout("DRY_RUN", "planned", "planned", "failed")));
    }

    @Test
    void onlyARolledBackOrHaltedRolloutFailed() throws Exception {
        assertTrue(RolloutProgress.succeeded(rollout("COMPLETED", "applied", "applied")));
        assertTrue(RolloutProgress.succeeded(rollout("DRY_RUN", "planned", "planned")));
        assertFalse(RolloutProgress.succeeded(rollout("ROLLED_BACK", "rolled_back", "pending")));
        assertFalse(RolloutProgress.succeeded(rollout("HALTED", "failed", "pending")));
    }
}
