package dev.tcpfleet.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CommandViewsTest {
    private static final Instant NOW = Instant.parse("2026-12-07T15:00:00Z");

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    private static final String APPLY = """
            {"id": "c1", "action": "apply", "profile": "web-tuning", "version": 2, "dryRun": false,
             "confirmWithinSeconds": 300, "createdAt": "2026-12-07T14:59:00Z", "hosts": [
              {"hostId": "a", "status": "ANSWERED", "outcome": "APPLIED", "confirmBy": "2026-12-07T15:04:12Z",
               "changes": [{"key": "net.core.somaxconn", "before": "4096", "desired": "8192", "after": "8192"},
                           {"key": "net.ipv4.tcp_fin_timeout", "before": "60", "desired": "60", "after": "60"}]},
              {"hostId": "b", "status": "ANSWERED", "outcome": "APPLIED", "confirmBy": "2026-12-07T14:59:59Z",
               "changes": [{"key": "net.core.somaxconn", "before": null, "desired": "8192", "after": "8192"}]},
              {"hostId": "c", "status": "SENT", "outcome": null, "confirmBy": null, "changes": null}]}
            """;

    @Test
    void statusShowsEachHostsDeadlineAndOnlyTheKeysThatChanged() throws Exception {
        assertEquals("""
                command c1: apply web-tuning@2, confirm within 300s
                HOST  STATUS    OUTCOME  CONFIRM BY
                a     ANSWERED  APPLIED  2026-12-07T15:04:12Z (in 4m12s)
                b     ANSWERED  APPLIED  2026-12-07T14:59:59Z (passed)
                c     SENT      -        -

                Keys changed
                HOST  SYSCTL              BEFORE     AFTER
                a     net.core.somaxconn  4096    →  8192
                b     net.core.somaxconn  -       →  8192
                """, CommandViews.status(json(APPLY), NOW));
    }

    @Test
    void theListSummarisesEachCommandsHostsByOutcomeOrElseStatus() throws Exception {
        String confirm = """
                {"id": "c2", "action": "confirm", "confirmOf": "c1", "dryRun": false,
                 "createdAt": "2026-12-07T14:59:30Z", "hosts": []}
                """;
        String rollback = """
                {"id": "c3", "action": "rollback", "rollbackOf": null, "dryRun": false,
                 "createdAt": "2026-12-07T14:59:30Z", "hosts": [{"hostId": "a", "status": "PENDING"}]}
                """;
        String list = CommandViews.list(json("[" + APPLY + "," + confirm + "," + rollback + "]"));
        // CREATED is an age against the clock: matched loosely
        assertTrue(Pattern.compile("""
                ID  ACTION    OF +CREATED +HOSTS  OUTCOMES
                c1  apply     web-tuning@2 +\\S+ ago +3  APPLIED 2, SENT 1
                c2  confirm   c1 +\\S+ ago +0  -
                c3  rollback  each host's last apply  \\S+ ago +1  PENDING 1
                """).matcher(list).matches(), list);
    }

    @Test
    void theConfirmHintNamesTheEarliestDeadlineAndTheCommandToRun() throws Exception {
        assertEquals("""
                hosts revert this apply unless confirmed by 2026-12-07T14:59:59Z (passed):
                  tcpfleet command confirm c1
                """, CommandViews.confirmHint(json(APPLY), NOW));
    }

    @Test
    void beforeAnyHostAnswersTheDeadlineIsReckonedFromTheCommandsCreation() throws Exception {
        JsonNode sent = json("""
                {"id": "c1", "action": "apply", "confirmWithinSeconds": 300, "createdAt": "2026-12-07T15:00:00Z",
                 "hosts": [{"hostId": "a", "status": "PENDING", "confirmBy": null}]}
                """);
        assertEquals("""
                hosts revert this apply unless confirmed by 2026-12-07T15:05:00Z (in 5m00s):
                  tcpfleet command confirm c1
                """, CommandViews.confirmHint(sent, NOW));
    }
}
