package dev.tcpfleet.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class RolloutHostsTest {
    private static JsonNode rollout() throws Exception {
        return new ObjectMapper().readTree("""
                {"waves": [
                  {"wave": 0, "number": 1, "hosts": [{"hostId": "a", "hostname": "web-1.example", "state": "rolled_back", "outcome": "APPLIED",
                    "rollbackStatus": "ANSWERED", "rollbackOutcome": "REVERTED",
                    "metrics": {"time_wait": {"before": 12.0, "after": 15.0},
                                "retransmits_per_s": {"before": 0.5, "after": null}}}]},
                  {"wave": 1, "number": 2, "hosts": [{"hostId": "b", "hostname": "web-2.example", "state": "pending", "outcome": null,
                    "rollbackStatus": null, "rollbackOutcome": null, "metrics": {}}]}]}""");
    }

    @Test
    void eachHostIsARowWithItsWaveFromOneAndItsGateFigures() throws Exception {
        assertEquals("""
                HOST  HOSTNAME       WAVE  STATE        OUTCOME  ROLLBACK  GATE FIGURES
                a     web-1.example     1  rolled_back  APPLIED  REVERTED  time_wait 12 -> 15; retransmits_per_s 0.50 -> ?
                b     web-2.example     2  pending      -        -         -
                """, RolloutHosts.table(rollout()));
    }

    @Test
    void asJsonEachHostCarriesItsWaveNumberAndHostname() throws Exception {
        JsonNode hosts = RolloutHosts.json(rollout());
        assertEquals(2, hosts.size());
        assertEquals(2, hosts.get(1).path("wave").asInt());
        assertEquals("web-1.example", hosts.get(0).path("hostname").asText());
        assertEquals(15.0, hosts.get(0).path("metrics").path("time_wait").path("after").asDouble());
    }
}
