package dev.tcpfleet.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TrendCommandTest {

    @Test
    void aHostTrendListsItsChangesWithWhoMadeThemAndTheRolloutOrActionTheyBelongTo() throws Exception {
        String trend = """
                {"metric": "time_wait", "bucket": "raw", "from": "2026-12-07T20:00:00Z", "to": "2026-12-07T21:00:00Z",
                 "points": [{"at": "2026-12-07T20:00:00Z", "avg": 10}, {"at": "2026-12-07T20:01:00Z", "avg": 20}],
                 "events": [
                   {"at": "2026-12-07T20:00:05Z", "type": "apply", "id": "c1", "profile": "web", "version": 3,
                    "actor": "user:alice"},
                   {"at": "2026-12-07T20:10:00Z", "type": "apply", "id": "c2", "profile": "web", "version": 4,
                    "actor": "automation:fix-tw", "rolloutId": "a1", "actionId": "a1"},
                   {"at": "2026-12-07T20:20:00Z", "type": "rollback", "id": "c3", "actor": "closed-loop:fix-tw",
                    "rolloutId": "a1", "actionId": "a1"},
                   {"at": "2026-12-07T20:30:00Z", "type": "campaign", "id": "k1", "kind": "latency_probe",
                    "actor": "automation:probe", "actionId": "a2"},
                   {"at": "2026-12-07T20:40:00Z", "type": "rollback", "id": "c4"}]}""";

        assertEquals("""
                changes:
                  2026-12-07T20:00:05Z  apply web v3  by user:alice
                  2026-12-07T20:10:00Z  apply web v4  by automation:fix-tw  rollout a1
                  2026-12-07T20:20:00Z  rollback  by closed-loop:fix-tw  rollout a1
                  2026-12-07T20:30:00Z  campaign latency_probe  by automation:probe  action a2
                  2026-12-07T20:40:00Z  rollback  by unknown
                """, TrendCommand.changes(new ObjectMapper().readTree(trend)));
    }

    @Test
    void aTrendWithNoChangesEndsAtItsFigures() throws Exception {
        assertEquals("", TrendCommand.changes(new ObjectMapper().readTree("{\"points\": [], \"events\": []}")));
    }
}
