package dev.tcpfleet.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpfleet.cli.CliException;
import dev.tcpfleet.cli.ExitCodes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostNamesTest {
    private static final List<JsonNode> HOSTS = hosts("""
            [{"id": "0f8fad5b-d9cb-469f-a165-70867728950e", "hostname": "vm.example.com"},
             {"id": "web-7", "hostname": "web-7.example.com"},
             {"id": "1c4a0b8e-0000-4000-8000-000000000001", "hostname": "db.a.example"},
             {"id": "1c4a0b8e-0000-4000-8000-000000000002", "hostname": "db.b.example"}]""");

    @Test
    void anIdIsTakenAsItIs() {
        assertEquals("web-7", HostNames.match("web-7", HOSTS));
    }

    @Test
    void aUniqueHostnameOrItsFirstLabelIsItsHostsId() {
        assertEquals("0f8fad5b-d9cb-469f-a165-70867728950e", HostNames.match("vm.example.com", HOSTS));
        assertEquals("0f8fad5b-d9cb-469f-a165-70867728950e", HostNames.match("VM", HOSTS));
    }

    @Test
    void aNameSeveralHostsShareListsThemAll() {
        CliException several = assertThrows(CliException.class, () -> HostNames.match("db", HOSTS));
        assertEquals(ExitCodes.USAGE, several.exitCode());
        assertEquals("""
                'db' names 2 hosts; give one of their ids:
                  1c4a0b8e-0000-4000-8000-000000000001  db.a.example
                  1c4a0b8e-0000-4000-8000-000000000002  db.b.example""", several.getMessage());
    }

    @Test
    void anUnknownNameSaysWhatIdsLookLike() {
        CliException none = assertThrows(CliException.class, () -> HostNames.match("mail", HOSTS));
        assertEquals(ExitCodes.REFUSED, none.exitCode());
        assertEquals("no host named 'mail'; ids look like 0f8fad5b-d9cb-469f-a165-70867728950e (tcpfleet hosts lists"
                + " them)", none.getMessage());

        CliException typo = assertThrows(CliException.class, () -> HostNames.match("web-8", HOSTS));
        assertEquals("no host named 'web-8'; did you mean 'web-7'? ids look like", typo.getMessage().substring(0, 58));
    }

    @Test
    void aPendingHostIsFoundByItsHostnameAmongTheEnrolments() {
        List<JsonNode> enrolments = hosts("""
                [{"hostId": "9b2e4c1a-0000-4000-8000-000000000009", "hostname": "new-web.example.com",
                  "status": "pending"}]""");

        assertEquals("9b2e4c1a-0000-4000-8000-000000000009",
                HostNames.match("new-web", enrolments, "hostId", "tcpfleet hosts enrolments"));
        CliException typo = assertThrows(CliException.class,
                () -> HostNames.match("new-web.example.cm", enrolments, "hostId", "tcpfleet hosts enrolments"));
        assertEquals("no host named 'new-web.example.cm'; did you mean 'new-web.example.com'? ids look like"
                + " 9b2e4c1a-0000-4000-8000-000000000009 (tcpfleet hosts enrolments lists them)", typo.getMessage());
    }

    private static List<JsonNode> hosts(String json) {
        try {
            List<JsonNode> hosts = new ArrayList<>();
            new ObjectMapper().readTree(json).forEach(hosts::add);
            return hosts;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
