package dev.tcpfleet.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ProfileVersionsTest {
    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void eachVersionSaysWhatItAddedChangedAndRemovedFromTheOneBefore() throws Exception {
        String table = ProfileVersions.table(json("""
                [{"version": 1, "description": "web", "createdAt": "2026-12-01T09:00:00Z", "builtIn": false,
                  "settings": {"net.core.somaxconn": "4096", "net.ipv4.tcp_fin_timeout": "30"}},
                 {"version": 2, "description": "web", "createdAt": "2026-12-02T09:00:00Z", "builtIn": false,
                  "settings": {"net.core.somaxconn": "8192", "net.ipv4.tcp_tw_reuse": "1"}},
                 {"version": 3, "description": "web, tuned", "createdAt": "2026-12-03T09:00:00Z", "builtIn": false,
                  "settings": {"net.core.somaxconn": "8192", "net.ipv4.tcp_tw_reuse": "1"}}]"""));

        String[] lines = table.split("\\n");
        assertEquals(4, lines.length, table);
        assertTrue(lines[0].matches("VERSION +CREATED +CHANGED"), lines[0]);
        assertTrue(lines[1].matches(" *1 +2026-12-01T09:00:00Z +first version"), lines[1]);
        assertTrue(lines[2].matches(" *2 +2026-12-02T09:00:00Z +net\\.core\\.somaxconn 4096->8192,"
                + " -net\\.ipv4\\.tcp_fin_timeout, \\+net\\.ipv4\\.tcp_tw_reuse=1"), lines[2]);
        assertTrue(lines[3].matches(" *3 +2026-12-03T09:00:00Z +description"), lines[3]);
    }

    @Test
    void aBuiltInProfileHasOneVersionShippedRatherThanStored() throws Exception {
        String table = ProfileVersions.table(json("""
                [{"version": 1, "description": "d", "createdAt": null, "builtIn": true, "settings": {}}]"""));

        assertTrue(table.split("\\n")[1].matches(" *1 +built in +first version"), table);
    }

    @Test
    void theSameContentAgainChangedNothing() throws Exception {
        JsonNode version = json("{\"description\": \"d\", \"settings\": {\"a\": \"1\"}}");

        assertEquals("nothing", ProfileVersions.changes(version, version));
    }
}
