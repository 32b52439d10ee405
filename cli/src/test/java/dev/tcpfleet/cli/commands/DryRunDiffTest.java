package dev.tcpfleet.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class DryRunDiffTest {
    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    private static final String COMMAND = """
            {"id": "c1", "action": "apply", "profile": "web-tuning", "version": 2, "dryRun": true, "hosts": [
              {"hostId": "a", "status": "ANSWERED", "outcome": "PLANNED", "reasons": [],
               "changes": [{"key": "net.core.somaxconn", "before": "4096", "desired": "8192", "after": "4096"},
                           {"key": "net.ipv4.tcp_fin_timeout", "before": "60", "desired": "30", "after": "60"}]},
              {"hostId": "b", "status": "ANSWERED", "outcome": "PLANNED", "reasons": [],
               "changes": [{"key": "net.core.somaxconn", "before": "8192", "desired": "8192", "after": "8192"},
                           {"key": "net.ipv4.tcp_fin_timeout", "before": null, "desired": "30", "after": null}]},
              {"hostId": "c", "status": "ANSWERED", "outcome": "PLANNED", "reasons": [],
               "changes": [{"key": "net.core.somaxconn", "before": "8192", "desired": "8192", "after": "8192"},
                           {"key": "net.ipv4.tcp_fin_timeout", "before": "30", "desired": "30", "after": "30"}]},
              {"hostId": "d", "status": "ANSWERED", "outcome": "PLANNED", "reasons": [], "changes": []},
              {"hostId": "e", "status": "ANSWERED", "outcome": "REJECTED", "reasons": ["signature does not verify"],
               "changes": null},
              {"hostId": "f", "status": "EXPIRED", "outcome": null, "reasons": [], "changes": null},
              {"hostId": "g", "status": "SENT", "outcome": null, "reasons": [], "changes": null}]}
            """;

    @Test
    void aDryRunShowsEachHostsChangesThenTheUnchangedHostsOnOneLineThenTheFailures() throws Exception {
        assertEquals("""
                command c1: dry run of web-tuning@2 on 7 hosts
                HOST  SYSCTL                    CURRENT      WANTED
                a     net.core.somaxconn        4096     ->  8192
                a     net.ipv4.tcp_fin_timeout  60       ->  30
                b     net.ipv4.tcp_fin_timeout  -        ->  30
                1 more already as wanted on those hosts
                no change on 2 hosts: c, d
                failed or no answer on 2 hosts:
                HOST  OUTCOME   REASONS
                e     REJECTED  signature does not verify
                f     EXPIRED
                no answer yet from 1 host: g
                """, DryRunDiff.ofCommand(json(COMMAND)));
    }

    @Test
    void oneHostsDiffCountsTheKeysAlreadyAsWanted() throws Exception {
        String command = """
                {"id": "c2", "profile": "web-tuning", "version": 1, "dryRun": true, "hosts": [
                  {"hostId": "a", "status": "ANSWERED", "outcome": "PLANNED",
                   "changes": [{"key": "net.core.somaxconn", "before": "4096", "desired": "8192"},
                               {"key": "net.ipv4.tcp_fin_timeout", "before": "60", "desired": "60"}]}]}
                """;
        assertEquals("""
                command c2: dry run of web-tuning@1 on 1 host
                HOST  SYSCTL              CURRENT      WANTED
                a     net.core.somaxconn  4096     ->  8192
                1 more already as wanted
                """, DryRunDiff.ofCommand(json(command)));
    }

    private static final String ROLLOUT = """
            {"id": "r1", "state": "DRY_RUN", "waves": [{"wave": 0, "hosts": [
              {"hostId": "a", "state": "planned", "outcome": "PLANNED", "reasons": [],
               "changes": [{"key": "net.core.somaxconn", "before": "4096", "desired": "8192", "after": "4096"}]},
              {"hostId": "b", "state": "planned", "outcome": "PLANNED", "reasons": [],
               "changes": [{"key": "net.core.somaxconn", "before": "8192", "desired": "8192", "after": "8192"}]},
              {"hostId": "c", "state": "failed", "outcome": null, "reasons": [], "changes": []}]}]}
            """;

    @Test
    void aDryRunRolloutShowsTheSameDiffAndAHostThatNeverAnsweredAsFailed() throws Exception {
        JsonNode rollout = json(ROLLOUT);
        assertEquals("""
                HOST  SYSCTL              CURRENT      WANTED
                a     net.core.somaxconn  4096     ->  8192
                no change on 1 host: b
                failed or no answer on 1 host:
                HOST  OUTCOME    REASONS
                c     NO ANSWER
                """, DryRunDiff.ofRollout(rollout));
        assertTrue(DryRunDiff.anyFailed(rollout));
    }

    @Test
    void hostsStillWaitingAreNotFailures() throws Exception {
        JsonNode rollout = json("""
                {"id": "r2", "state": "DRY_RUN", "waves": [{"wave": 0, "hosts": [
                  {"hostId": "a", "state": "sent", "outcome": null, "reasons": [], "changes": []},
                  {"hostId": "b", "state": "planned", "outcome": "PLANNED", "reasons": [], "changes": []}]}]}
                """);
        assertEquals("no change on 1 host: b\nno answer yet from 1 host: a\n", DryRunDiff.ofRollout(rollout));
        assertFalse(DryRunDiff.anyFailed(rollout));
    }
}
