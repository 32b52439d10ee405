package dev.tcpfleet.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class CommandOutcomesTest {
    private static JsonNode command(String status, String outcome) throws Exception {
        return new ObjectMapper().readTree("""
                {"id": "c1", "action": "apply", "dryRun": false, "hosts": [
                  {"hostId": "a", "status": "ANSWERED", "outcome": "APPLIED", "reasons": [],
                   "changes": [{"key": "net.core.somaxconn", "before": "4096", "desired": "8192", "after": "8192"},
                               {"key": "net.ipv4.tcp_fin_timeout", "before": "60", "desired": "60", "after": "60"}]},
                  {"hostId": "b", "status": "%s", "outcome": %s, "reasons": ["no such sysctl"], "changes": null}]}
                """.formatted(status, outcome == null ? "null" : "\"" + outcome + "\""));
    }

    @Test
    void answeredOnceNoHostIsPendingOrSent() throws Exception {
        assertFalse(CommandOutcomes.answered(command("SENT", null)));
        assertFalse(CommandOutcomes.answered(command("PENDING", null)));
        assertTrue(CommandOutcomes.answered(command("ANSWERED", "UNCHANGED")));
        assertTrue(CommandOutcomes.answered(command("EXPIRED", null)));
        assertEquals(1, CommandOutcomes.answeredCount(command("SENT", null)));
    }

    @Test
    void aHostThatRefusedFailedOrNeverAnsweredFailsTheCommand() throws Exception {
        assertFalse(CommandOutcomes.anyFailed(command("ANSWERED", "UNCHANGED")));
        assertFalse(CommandOutcomes.anyFailed(command("ANSWERED", "PLANNED")));
        for (String outcome : new String[] {"FAILED", "REJECTED", "ROLLED_BACK"}) {
            assertTrue(CommandOutcomes.anyFailed(command("ANSWERED", outcome)), outcome);
        }
        assertTrue(CommandOutcomes.anyFailed(command("EXPIRED", null)));
        assertTrue(CommandOutcomes.anyFailed(command("NOT_SENT", null)));
    }

    @Test
    void theTableCountsTheKeysEachHostChanged() throws Exception {
        assertEquals("""
                command c1 (apply)
                HOST  STATUS    OUTCOME   CHANGED  REASONS
                a     ANSWERED  APPLIED         1
                b     ANSWERED  REJECTED  -        no such sysctl
                """, CommandOutcomes.table(command("ANSWERED", "REJECTED")));
    }
}
