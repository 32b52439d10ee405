package dev.tcpfleet.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SilenceCommandTest {
    @Test
    void theListShowsEachSilenceAndAnyForARuleOrHostLeftOpen() throws Exception {
        String table = SilenceCommand.list(new ObjectMapper().readTree("""
                [{"id": 12, "rule": "time-wait-high", "hostId": "web-1", "reason": "known busy",
                  "createdAt": "2026-12-07T09:00:00Z", "endsAt": "2026-12-07T10:00:00Z"},
                 {"id": 7, "rule": null, "hostId": null, "reason": "maintenance", "endsAt": "2026-12-07T11:00:00Z"}]
                """));

        String[] lines = table.split("\\n");
        assertEquals(3, lines.length, table);
        assertTrue(lines[0].matches("ID +RULE +HOST +ENDS +REASON"), lines[0]);
        assertTrue(lines[1].matches(" *12 +time-wait-high +web-1 +2026-12-07T10:00:00Z +known busy"), lines[1]);
        assertTrue(lines[2].matches(" *7 +\\(any\\) +\\(any\\) +2026-12-07T11:00:00Z +maintenance"), lines[2]);
    }
}
