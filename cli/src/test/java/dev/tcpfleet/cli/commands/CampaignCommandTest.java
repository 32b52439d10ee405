package dev.tcpfleet.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class CampaignCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void theListShowsKindTargetStateAndHowManyHostsAnswered() throws Exception {
        String table = CampaignCommand.list(json("""
                [{"id": "c-2", "status": "RUNNING", "test": {"kind": "CONNECT_LOAD", "host": "10.0.0.5", "port": 80},
                  "createdAt": null, "stoppedAt": null,
                  "hosts": [{"status": "DONE"}, {"status": "REFUSED"}, {"status": "PENDING"}]},
                 {"id": "c-1", "status": "RUNNING", "test": {"kind": "LATENCY_PROBE", "host": "fd00::5", "port": 443},
                  "createdAt": null, "stoppedAt": "2026-12-07T10:00:00Z", "hosts": [{"status": "PENDING"}]}]
                """));

        String[] lines = table.split("\\n");
        assertEquals(3, lines.length, table);
        assertTrue(lines[0].matches("ID +KIND +TARGET +STATE +HOSTS +STARTED"), lines[0]);
        assertTrue(lines[1].matches("c-2 +connect_load +10\\.0\\.0\\.5:80 +RUNNING +2/3 +-"), lines[1]);
        assertTrue(lines[2].matches("c-1 +latency_probe +\\[fd00::5]:443 +STOPPED +0/1 +-"), lines[2]);
    }

    @Test
    void theKillSwitchNamesEachCampaignItStoppedOrThatNoneWasRunning() throws Exception {
        assertEquals("stopped campaign c-1\nstopped campaign c-2\n",
                CampaignCommand.stopped(json("{\"stopped\": [\"c-1\", \"c-2\"]}")));
        assertEquals("no campaign was running\n", CampaignCommand.stopped(json("{\"stopped\": []}")));
    }

    @Test
    void theSummaryShowsTheTargetAndEachRefusedHostsReason() throws Exception {
        String summary = CampaignResult.render(json("""
                {"id": "c-3", "status": "FINISHED", "warning": false, "test": {"host": "10.0.0.5", "port": 8080},
                 "hosts": [{"hostId": "web-1", "status": "REFUSED",
                            "result": {"refusal": "target not allowed: set TCPFLEET_STRESS_ALLOW_NETWORKS"}}],
                 "fleet": {"hostsRun": 0, "hostsRefused": 1}}
                """));

        assertTrue(summary.startsWith("campaign c-3  FINISHED  target 10.0.0.5:8080\n"), summary);
        assertTrue(summary.matches("(?s).*\nweb-1 +REFUSED +- +- +- +target not allowed: set"
                + " TCPFLEET_STRESS_ALLOW_NETWORKS\n.*"), summary);
    }
}
