package dev.tcpfleet.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class HostsCommandTest {
    @Test
    void enrolmentsShowEachKeysFingerprintAndTheKeyAHostAsksToSwitchTo() throws Exception {
        String table = HostsCommand.enrolments(new ObjectMapper().readTree("""
                [{"hostId": "web-9", "status": "pending", "fingerprint": "3f9a0c1d2e4b5a69", "pendingFingerprint": null,
                  "hostname": "web-9.example", "labels": {"env": "prod"}, "requestedAt": null},
                 {"hostId": "web-7", "status": "accepted", "fingerprint": "0011223344556677",
                  "pendingFingerprint": "8899aabbccddeeff", "hostname": "web-7.example", "labels": {}}]
                """));

        String[] lines = table.split("\\n");
        assertEquals(3, lines.length, table);
        assertTrue(lines[0].matches("HOST +STATUS +KEY +ASKS WITH KEY +HOSTNAME +LABELS +ASKED"), lines[0]);
        assertTrue(lines[1].matches("web-9 +pending +3f9a0c1d2e4b5a69 +- +web-9\\.example +env=prod +-"), lines[1]);
        assertTrue(lines[2].matches("web-7 +accepted +0011223344556677 +8899aabbccddeeff +web-7\\.example +- +-"),
                lines[2]);
    }
}
