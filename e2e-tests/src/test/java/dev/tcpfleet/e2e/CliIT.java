package dev.tcpfleet.e2e;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.oneOf;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpfleet.domain.stress.TargetAllowlist;
import dev.tcpfleet.testing.FreePorts;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged {@code tcpfleet} command against a real control plane, broker and database, with four simulated
 * hosts ({@code cli-0} in env=staging, {@code cli-1..3} in env=prod) that answer its applies, dry runs and campaigns.
 * Each test runs the command as a process and reads its output and exit code as a script would.
 */
class CliIT {
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    static SimulatedFleet fleet;
    static TcpfleetCli cli;

    @BeforeAll
    static void start() throws IOException {
        // the hosts' own stress-test allowlist is narrower than the control plane's 10.0.0.0/8, so a host may refuse
        fleet = SimulatedFleet.start(4, "cli-", Duration.ofSeconds(1), Map.of("tcpfleet.rollouts.tick", "1s"),
                Optional.of(TargetAllowlist.of(List.of("10.0.0.0/24"), List.of("80"))));
        cli = new TcpfleetCli(fleet.baseUrl(), ControlPlaneApi.token());
        await().atMost(WAIT).untilAsserted(() -> api().get("/api/hosts").then().body("size()", equalTo(4)));
    }

    @AfterAll
    static void stop() throws IOException {
        if (fleet != null) {
            fleet.close();
        }
        if (cli != null) {
            cli.close();
        }
    }

    private static RequestSpecification api() {
        return fleet.api();
    }

    private static TcpfleetCli.Result ok(String... args) {
        TcpfleetCli.Result result = cli.run(args);
        assertEquals(0, result.exit(), result.toString());
        return result;
    }

    private static void profile(String name, Map<String, String> settings) {
        api().body(Map.of("description", "cli test", "settings", settings)).put("/api/profiles/" + name)
                .then().statusCode(201);
    }

    @Test
    void hostsAreListedAsATableAndAsTheApisJson() throws Exception {
        String table = ok("hosts").out();
        assertTrue(table.startsWith("ID  "), table);
        for (int i = 0; i < 4; i++) {
            assertTrue(table.contains("cli-" + i + "  cli-" + i + ".sim"), table);
        }

        JsonNode hosts = JSON.readTree(ok("hosts", "--output", "json").out());
        assertEquals(4, hosts.size());
        assertEquals("simulator", hosts.get(0).path("agentVersion").asText());
        // the README's jq line reads .stale and .id of each: every host reports, so none is stale
        JsonNode readmeForm = JSON.readTree(ok("-o", "json", "hosts").out());
        assertEquals(4, readmeForm.size());
        for (JsonNode host : readmeForm) {
            assertTrue(host.path("id").isTextual() && host.path("stale").isBoolean(), host.toString());
            assertFalse(host.path("stale").asBoolean(), host.toString());
        }

        String staging = ok("hosts", "--selector", "env=staging").out();
        assertTrue(staging.contains("cli-0 ") && !staging.contains("cli-1"), staging);
    }

    @Test
    void aHostsLatestSnapshotShowsAsTables() throws Exception {
        String host = ok("host", "cli-1").out();
        assertTrue(host.startsWith("host cli-1 (cli-1.sim)"), host);
        assertTrue(Pattern.compile("(?m)^TCP states\\nSTATE\\s+SOCKETS\\n(\\w+\\s+\\d+\\n)+").matcher(host).find(),
                host);
        assertTrue(host.contains("ESTABLISHED") && host.contains("TIME_WAIT"), host);
        assertTrue(host.contains("\nListeners\n"), host);

        JsonNode json = JSON.readTree(ok("-o", "json", "host", "cli-1").out());
        assertEquals("cli-1", json.path("snapshot").path("host").path("hostId").asText());
    }

    @Test
    void aDiffShowsWhatAnApplyThenChanges() {
        profile("cli-tuning", Map.of("net.core.somaxconn", "8192", "net.ipv4.tcp_fin_timeout", "60"));

        String diff = ok("profile", "diff", "cli-tuning", "--host", "cli-2").out();
        assertTrue(Pattern.compile("net\\.core\\.somaxconn\\s+4096\\s+->\\s+8192").matcher(diff).find(), diff);
        assertTrue(diff.contains("1 more already as wanted"), diff);
        assertEquals("4096", fleet.simulator.sysctls("cli-2").get("net.core.somaxconn"), "a diff changes nothing");

        String applied = ok("profile", "apply", "cli-tuning", "--hosts", "cli-2", "--wait").out();
        assertTrue(Pattern.compile("cli-2\\s+ANSWERED\\s+APPLIED\\s+1").matcher(applied).find(), applied);
        assertEquals("8192", fleet.simulator.sysctls("cli-2").get("net.core.somaxconn"));
    }

    /**
     * A dry run over the fleet, as an apply and as a rollout: each host's keys current -> wanted, and the one host
     * already as wanted (cli-1, applied first) named on the line of hosts with no change.
     */
    @Test
    void dryRunsShowEachHostsDiffAndNameTheHostsThatWouldNotChange() throws Exception {
        profile("cli-dry", Map.of("net.ipv4.tcp_fin_timeout", "30"));
        String kept = JSON.readTree(ok("-o", "json", "profile", "apply", "cli-dry", "--hosts", "cli-1", "--wait")
                .out()).path("id").asText();
        try {
            String apply = ok("profile", "apply", "cli-dry", "--all", "--dry-run", "--wait", "--timeout", "2m").out();
            assertTrue(Pattern.compile("(?m)^command \\S+: dry run of cli-dry@1 on 4 hosts$").matcher(apply).find(),
                    apply);
            for (String host : List.of("cli-0", "cli-2", "cli-3")) {
                assertTrue(Pattern.compile("(?m)^" + host + "\\s+net\\.ipv4\\.tcp_fin_timeout\\s+60\\s+->\\s+30$")
                        .matcher(apply).find(), apply);
                assertEquals("60", fleet.simulator.sysctls(host).get("net.ipv4.tcp_fin_timeout"),
                        "a dry run changes nothing");
            }
            assertTrue(apply.endsWith("\nno change on 1 host: cli-1\n"), apply);

            // a script reads the same diff from the API's JSON: each host's changes, before against desired
            JsonNode command = JSON.readTree(ok("-o", "json", "profile", "apply", "cli-dry", "--selector",
                    "env=prod", "--dry-run", "--wait").out());
            for (JsonNode host : command.path("hosts")) {
                JsonNode change = host.path("changes").path(0);
                assertEquals("net.ipv4.tcp_fin_timeout", change.path("key").asText(), host.toString());
                assertEquals(host.path("hostId").asText().equals("cli-1") ? "30" : "60",
                        change.path("before").asText(), host.toString());
                assertEquals("30", change.path("desired").asText(), host.toString());
            }

            String rollout = ok("rollout", "create", "cli-dry", "--selector", "env=prod", "--dry-run", "--wait",
                    "--timeout", "2m").out();
            assertTrue(rollout.lines().anyMatch(line -> line.matches("rollout \\S+  cli-dry v1  DRY_RUN  .*")),
                    rollout);
            for (String host : List.of("cli-2", "cli-3")) {
                assertTrue(Pattern.compile("(?m)^" + host + "\\s+net\\.ipv4\\.tcp_fin_timeout\\s+60\\s+->\\s+30$")
                        .matcher(rollout).find(), rollout);
            }
            assertTrue(rollout.endsWith("\nno change on 1 host: cli-1\n"), rollout);
            assertFalse(rollout.contains("cli-0"), "cli-0 is not in env=prod\n" + rollout);
            Matcher id = Pattern.compile("rollout (\\S+) ").matcher(rollout);
            assertTrue(id.find(), rollout);
            String status = ok("rollout", "status", id.group(1)).out();
            assertTrue(status.endsWith("\nno change on 1 host: cli-1\n"), "the status shows the diff too\n" + status);
            String dryRun = ok("command", "status", command.path("id").asText()).out();
            assertTrue(Pattern.compile("(?m)^cli-2\\s+net\\.ipv4\\.tcp_fin_timeout\\s+60\\s+->\\s+30$").matcher(dryRun)
                    .find(), dryRun);
        } finally {
            ok("command", "rollback", kept, "--wait");
        }
    }

    /** The README's confirm-window example, typed as is (env=staging: cli-0), then kept with the command it prints. */
    @Test
    void anApplyWithAConfirmWindowIsKeptWithTheCommandItPrints() throws Exception {
        profile("cli-confirm", Map.of("net.ipv4.tcp_max_syn_backlog", "2048"));

        String applied = ok("profile", "apply", "cli-confirm", "--selector", "env=staging", "--confirm-within", "5m",
                "--wait").out();
        Matcher hint = Pattern.compile("hosts revert this apply unless confirmed by \\S+ \\(in 4m\\d\\ds\\):\n"
                + "  tcpfleet command confirm (\\S+)\n").matcher(applied);
        assertTrue(hint.find(), applied);
        String apply = hint.group(1);

        String status = ok("command", "status", apply).out();
        assertTrue(status.startsWith("command " + apply + ": apply cli-confirm@1, confirm within 300s\n"), status);
        assertTrue(Pattern.compile("cli-0\\s+ANSWERED\\s+APPLIED").matcher(status).find(), status);
        assertTrue(Pattern.compile("cli-0\\s+net\\.ipv4\\.tcp_max_syn_backlog\\s+1024\\s+→\\s+2048")
                .matcher(status).find(), status);

        String confirmed = ok("command", "confirm", apply, "--wait").out();
        Matcher confirm = Pattern.compile("command (\\S+): confirm " + apply + "\n").matcher(confirmed);
        assertTrue(confirm.find(), confirmed);
        assertTrue(Pattern.compile("cli-0\\s+ANSWERED\\s+CONFIRMED").matcher(confirmed).find(), confirmed);
        assertEquals("2048", fleet.simulator.sysctls("cli-0").get("net.ipv4.tcp_max_syn_backlog"));

        String list = ok("command", "list").out();
        assertTrue(Pattern.compile("(?m)^" + confirm.group(1) + "\\s+confirm\\s+" + apply
                + "\\s+\\S+ ago\\s+1\\s+CONFIRMED 1$").matcher(list).find(), list);
        assertTrue(Pattern.compile("(?m)^" + apply + "\\s+apply\\s+cli-confirm@1\\s+\\S+ ago\\s+1\\s+APPLIED 1$")
                .matcher(list).find(), list);
        JsonNode json = JSON.readTree(ok("command", "status", confirm.group(1), "-o", "json").out());
        assertEquals(apply, json.path("confirmOf").asText());
    }

    @Test
    void anApplyIsUndoneOnItsHostsByCommandRollback() throws Exception {
        profile("cli-undo", Map.of("net.ipv4.tcp_tw_reuse", "1"));
        String applied = ok("-o", "json", "profile", "apply", "cli-undo", "--hosts", "cli-0,cli-3", "--wait").out();
        String apply = JSON.readTree(applied).path("id").asText();
        assertEquals("1", fleet.simulator.sysctls("cli-3").get("net.ipv4.tcp_tw_reuse"));

        String undone = ok("command", "rollback", apply, "--wait").out();
        // not a terminal: the answers' progress line comes first
        assertTrue(Pattern.compile("(?m)^command \\S+: rollback " + apply + "$").matcher(undone).find(), undone);
        assertTrue(Pattern.compile("cli-3\\s+ANSWERED\\s+REVERTED").matcher(undone).find(), undone);
        for (String host : List.of("cli-0", "cli-3")) {
            assertEquals("2", fleet.simulator.sysctls(host).get("net.ipv4.tcp_tw_reuse"), host);
        }

        TcpfleetCli.Result noWindow = cli.run("command", "confirm", apply);
        assertEquals(1, noWindow.exit(), "an apply without a confirm window has nothing to confirm\n" + noWindow);
    }

    @Test
    void aRolloutIsFollowedWaveByWaveToItsEndListedHostByHostAndRolledBack() throws Exception {
        profile("cli-rollout", Map.of("net.ipv4.tcp_keepalive_time", "600"));
        List<String> prod = List.of("cli-1", "cli-2", "cli-3");
        Map<String, String> before = new HashMap<>();
        prod.forEach(host -> before.put(host, fleet.simulator.sysctls(host).get("net.ipv4.tcp_keepalive_time")));

        TcpfleetCli.Result rollout = ok("rollout", "create", "cli-rollout", "--selector", "env=prod", "--canary", "1",
                "--percentages", "100", "--bake", "6s", "--check", "time_wait:1000:100000", "--on-missing-data", "wait",
                "--wait");
        // not a terminal: each wave's progress is printed as it changes, one line at a time
        String out = rollout.out();
        // wave 2 goes out only once wave 1's gate passed, so it is surely seen waiting first
        assertTrue(out.contains("  wave 2  [--------------------]  0/2  0%  PENDING\n"), out);
        assertTrue(out.contains("  wave 1  [####################]  1/1  100%  PASSED  gate PASS\n"), out);
        assertTrue(out.contains("  wave 2  [####################]  2/2  100%  PASSED  gate PASS\n"), out);
        // the canary judge's verdict under each wave: the simulator's noise is no difference beyond 1000 %
        assertTrue(out.contains("    NO_DIFFERENCE  time_wait no different on the canary than expected from 2"
                + " baseline hosts"), out);
        assertTrue(out.lines().anyMatch(line -> line.matches("rollout \\S+  cli-rollout v1  COMPLETED  applied 100%")),
                out);
        for (String host : prod) {
            assertEquals("600", fleet.simulator.sysctls(host).get("net.ipv4.tcp_keepalive_time"), host);
        }

        Matcher id = Pattern.compile("rollout (\\S+) ").matcher(out);
        assertTrue(id.find(), out);
        JsonNode status = JSON.readTree(ok("rollout", "status", id.group(1), "-o", "json").out());
        assertEquals("COMPLETED", status.path("state").asText());

        // each host, the wave it was in (from 1), what it answered, and the gate's time_wait before -> after
        String hosts = ok("rollout", "status", id.group(1), "--hosts").out();
        assertTrue(hosts.startsWith("HOST   HOSTNAME   WAVE  STATE    OUTCOME  ROLLBACK  GATE FIGURES\n"), hosts);
        for (String host : prod) {
            assertTrue(hosts.lines().anyMatch(line -> line.matches(host + "  " + host
                    + "\\.sim  +[12]  applied  APPLIED  -  +time_wait \\d+ -> \\d+")), host + "\n" + hosts);
        }
        JsonNode hostsJson = JSON.readTree(ok("rollout", "status", id.group(1), "--hosts", "-o", "json").out());
        assertEquals(3, hostsJson.size(), hostsJson.toString());
        assertEquals(1, hostsJson.get(0).path("wave").asInt(), "the canary is wave 1");
        assertTrue(hostsJson.get(0).path("hostname").asText().endsWith(".sim"), hostsJson.toString());

        TcpfleetCli.Result pause = cli.run("rollout", "pause", id.group(1));
        assertEquals(1, pause.exit(), "a completed rollout cannot pause: the API's 409\n" + pause);
        assertTrue(pause.err().contains("HTTP 409"), pause.toString());

        // undone wave by wave, the last first, on the three hosts it changed
        String undone = ok("rollout", "rollback", id.group(1), "--wait").out();
        assertTrue(undone.contains("  wave 2  [####################]  2/2  100%  ROLLED_BACK  gate PASS\n"), undone);
        assertTrue(undone.contains("  wave 1  [####################]  1/1  100%  ROLLED_BACK  gate PASS\n"), undone);
        assertTrue(undone.lines().anyMatch(line -> line.equals("rollout " + id.group(1)
                + "  cli-rollout v1  ROLLED_BACK  applied 0%  (rolled back by an operator)")), undone);
        for (String host : prod) {
            assertEquals(before.get(host), fleet.simulator.sysctls(host).get("net.ipv4.tcp_keepalive_time"), host);
        }
        TcpfleetCli.Result again = cli.run("rollout", "rollback", id.group(1));
        assertEquals(1, again.exit(), "a rolled back rollout is not rolled back twice\n" + again);
        assertTrue(again.err().contains("HTTP 409") && again.err().contains("already rolled back"), again.toString());
    }

    /**
     * The README's orders to a running rollout, typed as is: paused while its canary bakes, resumed, listed, aborted,
     * and followed with {@code --watch} to its rolled back end.
     */
    @Test
    void aRunningRolloutIsPausedResumedAbortedAndWatchedToItsEnd() throws Exception {
        profile("cli-orders", Map.of("net.ipv4.tcp_keepalive_time", "900"));
        String id = JSON.readTree(ok("-o", "json", "rollout", "create", "cli-orders", "--hosts", "cli-0,cli-1",
                "--canary", "1", "--percentages", "100", "--bake", "10m").out()).path("id").asText();
        await().atMost(WAIT).untilAsserted(() -> api().get("/api/rollouts/" + id).then()
                .body("waves[0].phase", equalTo("BAKING")));
        String canary = api().get("/api/rollouts/" + id).then().extract().path("waves[0].hosts[0].hostId");
        assertEquals("900", fleet.simulator.sysctls(canary).get("net.ipv4.tcp_keepalive_time"));

        assertEquals("rollout " + id + ": PAUSED\n", ok("rollout", "pause", id).out());
        String paused = ok("rollout", "status", id).out();
        assertTrue(paused.startsWith("rollout " + id + "  cli-orders v1  PAUSED  applied 50%\n  started by"
                + " user:bootstrap\n"), paused);
        assertTrue(Pattern.compile("(?m)^  wave 1  \\[#{20}\\]  1/1  100%  BAKING, \\d+m\\d\\ds left$").matcher(paused)
                .find(), "a baking wave counts down\n" + paused);

        assertEquals("rollout " + id + ": RUNNING\n", ok("rollout", "resume", id).out());
        String list = ok("rollout", "list").out();
        assertTrue(list.startsWith("ID  "), list);
        assertTrue(Pattern.compile("(?m)^" + id + "\\s+cli-orders\\s+1\\s+RUNNING\\s+50\\s.*\\suser:bootstrap$")
                .matcher(list).find(), "the list names who started it\n" + list);

        assertEquals("rollout " + id + ": ROLLING_BACK\n", ok("rollout", "abort", id).out());
        TcpfleetCli.Result watched = cli.run("rollout", "status", id, "--watch");
        assertEquals(4, watched.exit(), "a rollout that ended rolled back exits 4\n" + watched);
        assertTrue(watched.out().lines().anyMatch(line -> line.equals("rollout " + id
                + "  cli-orders v1  ROLLED_BACK  applied 0%  (aborted by an operator)")), watched.toString());
        assertTrue(watched.out().contains("  started by user:bootstrap, rolled back by user:bootstrap\n"),
                watched.toString());
        assertEquals("7200", fleet.simulator.sysctls(canary).get("net.ipv4.tcp_keepalive_time"), "the canary reverted");
    }

    @Test
    void aCampaignRunEndsWithTheMergedPercentiles() {
        String out = ok("campaign", "run", "10.0.0.5:80", "--selector", "env=prod", "--connections", "100",
                "--concurrency", "10", "--rate", "1000", "--duration", "5s").out();
        assertTrue(out.contains("hosts answered [####################]  3/3  100%"), out);
        assertTrue(Pattern.compile("(?m)^campaign \\S+  FINISHED  target 10\\.0\\.0\\.5:80$").matcher(out).find(), out);
        Matcher percentiles = Pattern.compile(
                "P50 ms\\s+P90 ms\\s+P99 ms\\s+P99\\.9 ms\\s+MAX ms\\n\\s*([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)"
                        + "\\s+([\\d.]+)\\n").matcher(out);
        assertTrue(percentiles.find(), out);
        double p50 = Double.parseDouble(percentiles.group(1));
        double max = Double.parseDouble(percentiles.group(5));
        assertTrue(p50 > 0 && p50 <= max, out);
        assertTrue(Pattern.compile("HOSTS RAN.*\\n\\s+3\\s+0\\s+300\\s").matcher(out).find(), out);
        assertTrue(out.contains("\nFailures by class\n"), out);
    }

    @Test
    void campaignsAreListedAndStoppedOneAtATimeOrAllAtOnce() {
        String first = campaignOnStaging();
        String running = ok("campaign", "list").out();
        assertTrue(Pattern.compile("(?m)^" + first + "\\s+connect_load\\s+10\\.0\\.0\\.5:80\\s+(RUNNING|FINISHED)"
                + "\\s+[01]/1\\s").matcher(running).find(), running);
        String status = ok("campaign", "status", first).out();
        assertTrue(status.matches("(?s)campaign " + first + "  (RUNNING|FINISHED)  target 10\\.0\\.0\\.5:80\n.*"),
                status);

        String stopped = ok("campaign", "stop", first).out();
        assertTrue(stopped.startsWith("stopped campaign " + first + "  "), stopped);
        String list = ok("campaign", "list").out();
        assertTrue(Pattern.compile("(?m)^" + first + "\\s+connect_load\\s+10\\.0\\.0\\.5:80\\s+STOPPED\\s")
                .matcher(list).find(), list);

        String second = campaignOnStaging();
        String all = ok("campaign", "stop", "--all").out();
        assertTrue(all.contains("stopped campaign " + second + "\n") && !all.contains(first), all);
        api().get("/api/campaigns/" + second).then().body("stoppedAt", notNullValue());
        assertEquals("no campaign was running\n", ok("campaign", "stop", "--all").out());
    }

    /** A host's refusal, in its agent's words, names the agent setting (and its environment variable) to change. */
    @Test
    void aCampaignsStatusShowsEachRefusingHostsReason() {
        String refused = api().body(Map.of("selector", Map.of("labels", "env=staging"), "target", "10.0.1.5:80",
                "connections", 10, "concurrency", 1, "rate", 10, "durationSeconds", 2))
                .post("/api/campaigns").then().statusCode(202).extract().path("id");
        await().atMost(WAIT).untilAsserted(() -> api().get("/api/campaigns/" + refused).then()
                .body("status", equalTo("FINISHED")));

        String status = ok("campaign", "status", refused).out();
        assertTrue(Pattern.compile("HOSTS RAN.*\\n\\s+0\\s+1\\s").matcher(status).find(), status);
        String reason = "target 10.0.1.5:80 (10.0.1.5) is not in this host's stress-test allowlist"
                + " (tcpfleet.agent.stress.allow-networks, env TCPFLEET_AGENT_STRESS_ALLOW_NETWORKS: add 10.0.1.5/32)";
        assertTrue(Pattern.compile("(?m)^cli-0\\s+REFUSED\\s.*" + Pattern.quote(reason) + "$").matcher(status).find(),
                status);
    }

    /** A campaign from cli-0 that may run for a minute, started through the API so the test goes on at once. */
    private static String campaignOnStaging() {
        return api().body(Map.of("selector", Map.of("labels", "env=staging"), "target", "10.0.0.5:80",
                "connections", 10, "concurrency", 1, "rate", 1, "durationSeconds", 60))
                .post("/api/campaigns").then().statusCode(202).extract().path("id");
    }

    @Test
    void silencesAreListedAndEnded() {
        String created = ok("silence", "--rule", "time-wait-high", "--host", "cli-1", "--for", "2h", "--reason",
                "cli list test").out();
        Matcher id = Pattern.compile("^silence (\\d+): ").matcher(created);
        assertTrue(id.find(), created);

        String list = ok("silence", "list").out();
        assertTrue(list.startsWith("ID  "), list);
        assertTrue(Pattern.compile("(?m)^\\s*" + id.group(1) + "\\s+time-wait-high\\s+cli-1\\s+\\S+\\s+cli list test$")
                .matcher(list).find(), list);

        assertEquals("silence " + id.group(1) + " ended\n", ok("silence", "end", id.group(1)).out());
        String after = ok("silence", "list").out();
        assertTrue(!Pattern.compile("(?m)^\\s*" + id.group(1) + "\\s").matcher(after).find(), after);
        TcpfleetCli.Result again = cli.run("silence", "end", id.group(1));
        assertEquals(1, again.exit(), again.toString());
    }

    @Test
    void aSilenceForAHostOrRuleNoOneHasIsRefusedUnlessForced() {
        TcpfleetCli.Result typo = cli.run("silence", "--host", "cli-9", "--for", "1h", "--reason", "r");
        assertEquals(1, typo.exit(), typo.toString());
        assertEquals("tcpfleet: no host named 'cli-9'; did you mean 'cli-0'? ids look like cli-0 (tcpfleet hosts"
                + " lists them); --force keeps the silence for when it exists (--host)\n", typo.err());

        TcpfleetCli.Result noRule = cli.run("silence", "--rule", "cli-rule-to-come", "--for", "1h", "--reason", "r");
        assertEquals(1, noRule.exit(), noRule.toString());
        assertEquals("tcpfleet: no rule 'cli-rule-to-come' (tcpfleet alerts rules list shows them); --force keeps"
                + " the silence for when it exists (--rule)\n", noRule.err());
        api().get("/api/alerts/silences").then().body("hostId", not(hasItem("cli-9")))
                .body("rule", not(hasItem("cli-rule-to-come")));

        TcpfleetCli.Result forced = cli.run("silence", "--rule", "cli-rule-to-come", "--host", "cli-9", "--for", "1h",
                "--reason", "before it enrols", "--force");
        assertEquals(0, forced.exit(), forced.toString());
        assertEquals("tcpfleet: warning: no rule 'cli-rule-to-come' yet: it applies once a rule of that name is put\n"
                + "tcpfleet: warning: no host 'cli-9' yet: it applies once a host of that id reports\n", forced.err());
        Matcher id = Pattern.compile("^silence (\\d+): rule cli-rule-to-come, host cli-9, until \\S+\n$")
                .matcher(forced.out());
        assertTrue(id.find(), forced.toString());
        ok("silence", "end", id.group(1));
    }

    @Test
    void alertRulesArePutFromAFileListedShownAndDeleted() throws Exception {
        Path file = Files.createTempFile("rule-", ".json");
        try {
            Files.writeString(file, "{\"metric\": \"time_wait\", \"comparison\": \"above\", \"threshold\": 5000,"
                    + " \"clearThreshold\": 4000, \"forSeconds\": 120, \"severity\": \"warning\"}");
            String put = ok("alerts", "rules", "put", "cli-put-rule", "--file", file.toString()).out();
            assertTrue(put.startsWith("rule cli-put-rule put\n"), put);
            assertTrue(Pattern.compile("(?m)^fires\\s+above 5000$").matcher(put).find(), put);

            String list = ok("alerts", "rules", "list").out();
            assertTrue(list.startsWith("NAME  "), list);
            assertTrue(Pattern.compile("(?m)^cli-put-rule\\s+host\\s+time_wait\\s+above 5000\\s+at or below 4000"
                    + "\\s+120s\\s+warning\\s+-$").matcher(list).find(), list);
            String show = ok("alerts", "rules", "show", "cli-put-rule").out();
            assertTrue(Pattern.compile("(?m)^clears\\s+at or below 4000$").matcher(show).find(), show);
            assertEquals(5000, JSON.readTree(ok("-o", "json", "alerts", "rules", "show", "cli-put-rule").out())
                    .path("threshold").asInt());

            TcpfleetCli.Result typo = cli.run("alerts", "rules", "show", "cli-put-rul");
            assertEquals(1, typo.exit(), typo.toString());
            assertEquals("tcpfleet: no rule 'cli-put-rul'; did you mean 'cli-put-rule'? (tcpfleet alerts rules list"
                    + " shows them)\n", typo.err());

            Files.writeString(file, "{\"metric\": \"time_wait\", \"comparison\": \"sideways\", \"threshold\": 1,"
                    + " \"severity\": \"warning\"}");
            TcpfleetCli.Result refused = cli.run("alerts", "rules", "put", "cli-put-rule", "--file", file.toString());
            assertEquals(1, refused.exit(), refused.toString());
            assertTrue(refused.err().endsWith(" (field: comparison)\n"), refused.toString());

            Files.writeString(file, "{\"metric\": ");
            TcpfleetCli.Result notJson = cli.run("alerts", "rules", "put", "cli-put-rule", "--file", file.toString());
            assertEquals(2, notJson.exit(), notJson.toString());
            assertTrue(notJson.err().startsWith("tcpfleet: --file: " + file + " is not JSON: "), notJson.toString());
            assertEquals(2, notJson.err().lines().count(), notJson.toString());

            assertEquals("rule cli-put-rule deleted\n", ok("alerts", "rules", "delete", "cli-put-rule").out());
            TcpfleetCli.Result gone = cli.run("alerts", "rules", "delete", "cli-put-rule");
            assertEquals(1, gone.exit(), gone.toString());
        } finally {
            Files.delete(file);
        }
        TcpfleetCli.Result missing = cli.run("alerts", "rules", "put", "cli-put-rule", "--file", file.toString());
        assertEquals(2, missing.exit(), missing.toString());
        assertEquals("tcpfleet: --file: cannot read " + file + ": no such file\n"
                + "run 'tcpfleet alerts rules put --help' for its usage\n", missing.err());
    }

    @Test
    void aProfileIsPutFromAFileAndItsVersionsSayWhatEachChanged() throws Exception {
        Path file = Files.createTempFile("profile-", ".json");
        try {
            Files.writeString(file, "{\"description\": \"cli put\", \"settings\": {\"net.core.somaxconn\":"
                    + " \"4096\", \"net.ipv4.tcp_fin_timeout\": \"30\"}}");
            String first = ok("profile", "put", "cli-put", "--file", file.toString()).out();
            assertTrue(first.startsWith("profile cli-put version 1, stored "), first);
            Files.writeString(file, "{\"description\": \"cli put\", \"settings\": {\"net.core.somaxconn\":"
                    + " \"8192\"}}");
            String second = ok("profile", "put", "cli-put", "--file", file.toString()).out();
            assertTrue(second.startsWith("profile cli-put version 2, stored "), second);

            String versions = ok("profile", "versions", "cli-put").out();
            assertTrue(versions.startsWith("VERSION  "), versions);
            assertTrue(Pattern.compile("(?m)^\\s*1\\s+\\S+\\s+first version$").matcher(versions).find(), versions);
            assertTrue(Pattern.compile("(?m)^\\s*2\\s+\\S+\\s+net\\.core\\.somaxconn 4096->8192,"
                    + " -net\\.ipv4\\.tcp_fin_timeout$").matcher(versions).find(), versions);
            assertEquals(2, JSON.readTree(ok("-o", "json", "profile", "versions", "cli-put").out()).size());

            String profiles = ok("profiles").out();
            assertTrue(profiles.startsWith("NAME  "), profiles);
            assertTrue(Pattern.compile("(?m)^cli-put\\s+2\\s+1\\s+cli put$").matcher(profiles).find(), profiles);
            assertTrue(Pattern.compile("(?m)^old-script-prod\\s+\\d+\\s+\\d+\\s+yes\\s").matcher(profiles).find(),
                    "the built-in profiles are listed too\n" + profiles);
            assertEquals("cli-put version 2: cli put\nSYSCTL              VALUE\nnet.core.somaxconn  8192\n",
                    ok("profile", "show", "cli-put").out());
            String oldest = ok("profile", "show", "cli-put", "--version", "1").out();
            assertTrue(oldest.contains("\nnet.ipv4.tcp_fin_timeout  30\n"), "an older version's settings\n" + oldest);

            Files.writeString(file, "{\"description\": \"cli put\", \"settings\": {\"net.core.somaxconn\": 5}}");
            TcpfleetCli.Result refused = cli.run("profile", "put", "cli-put", "--file", file.toString());
            assertEquals(1, refused.exit(), refused.toString());
            assertTrue(refused.err().endsWith(" (field: settings.net.core.somaxconn)\n"), refused.toString());
        } finally {
            Files.delete(file);
        }
        TcpfleetCli.Result typo = cli.run("profile", "versions", "cli-pt");
        assertEquals(1, typo.exit(), typo.toString());
        assertEquals("tcpfleet: no profile 'cli-pt'; did you mean 'cli-put'?\n", typo.err());
    }

    @Test
    void enrolmentsAreListedAndADecisionTakesTheHostsName() {
        String accepted = ok("hosts", "enrolments", "--status", "accepted").out();
        assertTrue(accepted.startsWith("HOST  "), accepted);
        for (int i = 0; i < 4; i++) {
            assertTrue(Pattern.compile("(?m)^cli-" + i + "\\s+accepted\\s").matcher(accepted).find(), accepted);
        }
        assertTrue(ok("hosts", "pending").out().endsWith("\n(none)\n"), "every simulated host is accepted");

        // the hosts are accepted already: the refusal shows the hostname was turned into the host's id
        TcpfleetCli.Result again = cli.run("hosts", "accept", "cli-2.sim");
        assertEquals(1, again.exit(), again.toString());
        assertTrue(again.err().startsWith("tcpfleet: POST /api/enrolments/cli-2/accept: HTTP 409"), again.toString());

        TcpfleetCli.Result typo = cli.run("hosts", "revoke", "cli-2.sm");
        assertEquals(1, typo.exit(), typo.toString());
        // the enrolments list those awaiting a decision first, so the example id may be any host's
        assertTrue(typo.err().matches("tcpfleet: no host named 'cli-2\\.sm'; did you mean 'cli-2\\.sim'\\? ids look"
                + " like cli-\\d \\(tcpfleet hosts enrolments lists them\\)\n"), typo.toString());
    }

    @Test
    void aTrendIsASparklineWithItsFigures() {
        await().atMost(WAIT).untilAsserted(() -> api().get("/api/hosts/cli-3/trends/time_wait").then()
                .body("points.size()", greaterThan(2)));
        String out = ok("trend", "time_wait", "--host", "cli-3", "--from", "10m").out();
        assertTrue(out.startsWith("time_wait  host cli-3  bucket raw"), out);
        assertTrue(out.lines().anyMatch(line -> line.matches("[▁▂▃▄▅▆▇█ ]{3,60}")), out);
        assertTrue(Pattern.compile("min \\d+  max \\d+  last \\d+  \\(\\d+ points\\)").matcher(out).find(), out);

        TcpfleetCli.Result bad = cli.run("trend", "time_wait", "--host", "cli-3", "--agg", "max");
        assertEquals(2, bad.exit(), bad.toString());

        // the README's fleet trend, typed as is: the prod hosts' established sockets summed per hour
        await().atMost(WAIT).untilAsserted(() -> {
            String fleetTrend = ok("trend", "established", "--selector", "env=prod", "--agg", "sum", "--from", "1d",
                    "--bucket", "1h").out();
            assertTrue(fleetTrend.startsWith("established  hosts env=prod  sum  bucket 1h  "), fleetTrend);
            Matcher last = Pattern.compile("min [\\d.]+  max [\\d.]+  last ([\\d.]+)  \\(\\d+ points\\)")
                    .matcher(fleetTrend);
            assertTrue(last.find() && Double.parseDouble(last.group(1)) > 0, fleetTrend);
        });
    }

    @Test
    void loadBalancerConfigsArePrinted() throws Exception {
        Path spec = Files.createTempFile("lb-", ".json");
        try {
            Files.writeString(spec, "{\"backends\": [\"10.0.0.5:8080\", \"10.0.0.6:8080\"], \"maxconn\": 2048}");
            String haproxy = ok("lb", "haproxy", "--file", spec.toString()).out();
            assertTrue(haproxy.contains("10.0.0.5:8080") && haproxy.contains("maxconn 2048"), haproxy);
            String nginx = ok("lb", "nginx", "--file", spec.toString()).out();
            assertTrue(nginx.contains("upstream") && nginx.contains("server 10.0.0.6:8080"), nginx);
        } finally {
            Files.delete(spec);
        }
    }

    @Test
    void firingAlertsAreListedAndCanBeSilenced() throws Exception {
        api().body(Map.of("metric", "established", "comparison", "above", "threshold", 0, "forSeconds", 0,
                "severity", "info", "labels", "env=staging")).put("/api/alerts/rules/cli-busy").then()
                .statusCode(201);
        await().atMost(WAIT).untilAsserted(() -> api().get("/api/alerts?status=firing").then()
                .body("rule", hasItem("cli-busy")));

        String firing = ok("alerts", "--status", "firing").out();
        assertTrue(Pattern.compile("(?i)cli-busy\\s+cli-0\\s+firing\\s+info\\s+established").matcher(firing).find(),
                firing);

        String silence = ok("silence", "--rule", "cli-busy", "--host", "cli-0", "--for", "1h", "--reason",
                "known busy").out();
        assertTrue(silence.matches("silence \\d+: rule cli-busy, host cli-0, until \\S+\\n"), silence);
        JsonNode alerts = JSON.readTree(ok("alerts", "--status", "firing", "-o", "json").out());
        JsonNode busy = null;
        for (JsonNode alert : alerts) {
            busy = alert.path("rule").asText().equals("cli-busy") ? alert : busy;
        }
        assertTrue(busy != null && busy.path("silencedBy").isNumber(), alerts.toString());
    }

    @Test
    void aHostIsFoundByItsHostnameAndAMisspeltOneGetsASuggestion() {
        String host = ok("host", "cli-1.sim").out();
        assertTrue(host.startsWith("host cli-1 (cli-1.sim)"), host);

        TcpfleetCli.Result typo = cli.run("trend", "time_wait", "--host", "cli-3.sm");
        assertEquals(1, typo.exit(), typo.toString());
        assertEquals("tcpfleet: no host named 'cli-3.sm'; did you mean 'cli-3.sim'? ids look like cli-0"
                + " (tcpfleet hosts lists them)\n", typo.err());
    }

    @Test
    void aMisspeltProfileOrRuleGetsASuggestionAndNothingIsSent() {
        profile("cli-suggest", Map.of("net.core.somaxconn", "4096"));

        TcpfleetCli.Result typo = cli.run("profile", "apply", "cli-sugest", "--hosts", "cli-1");
        assertEquals(1, typo.exit(), typo.toString());
        assertEquals("tcpfleet: no profile 'cli-sugest'; did you mean 'cli-suggest'?\n", typo.err());
        assertEquals("", typo.out());

        api().body(Map.of("metric", "orphans", "comparison", "above", "threshold", 1_000_000, "forSeconds", 0,
                "severity", "info")).put("/api/alerts/rules/cli-suggest-rule").then().statusCode(201);
        TcpfleetCli.Result rule = cli.run("silence", "--rule", "cli-sugest-rule", "--for", "1h", "--reason", "r");
        assertEquals(1, rule.exit(), rule.toString());
        assertEquals("tcpfleet: no rule 'cli-sugest-rule'; did you mean 'cli-suggest-rule'? (--rule)\n", rule.err());
    }

    @Test
    void argumentsAreCheckedAsTyped() {
        TcpfleetCli.Result bare = cli.run("trend", "time_wait", "--host", "cli-3", "--from", "6");
        assertEquals(2, bare.exit(), bare.toString());
        assertEquals("tcpfleet: --from: '6' needs a unit: 6s, 6m, 6h or 6d\n"
                + "run 'tcpfleet trend --help' for its usage\n", bare.err());

        TcpfleetCli.Result tooLong = cli.run("silence", "--host", "cli-0", "--for", "8d", "--reason", "r");
        assertEquals(2, tooLong.exit(), tooLong.toString());
        assertEquals("tcpfleet: --for is 1m to 7d (a silence always ends), not 8d\n"
                + "run 'tcpfleet silence --help' for its usage\n", tooLong.err());

        // the API's refusal names its request field; the person reads the flag they typed
        api().body(Map.of("scope", "fleet", "metric", "established", "aggregate", "sum", "comparison", "above",
                "threshold", 1_000_000, "severity", "info")).put("/api/alerts/rules/cli-fleet-rule").then()
                .statusCode(201);
        TcpfleetCli.Result hostOnFleetRule = cli.run("silence", "--rule", "cli-fleet-rule", "--host", "cli-0", "--for",
                "1h", "--reason", "r");
        assertEquals(1, hostOnFleetRule.exit(), hostOnFleetRule.toString());
        assertTrue(hostOnFleetRule.err().startsWith("tcpfleet: POST /api/alerts/silences: HTTP 400: rule"
                + " 'cli-fleet-rule' judges the fleet"), hostOnFleetRule.toString());
        assertTrue(hostOnFleetRule.err().endsWith(" (--host)\n"), hostOnFleetRule.toString());
    }

    @Test
    void theApiMayBeGivenAsHostAndPort() {
        String hostAndPort = fleet.baseUrl().replaceFirst("^http://", "").replaceAll("/+$", "");
        String table = ok("hosts", "--api", hostAndPort).out();
        assertTrue(table.startsWith("ID  "), table);

        TcpfleetCli.Result bad = cli.run("hosts", "--api", "ftp://" + hostAndPort);
        assertEquals(2, bad.exit(), bad.toString());
        assertEquals("tcpfleet: --api (or TCPFLEET_API, or api = in the config file): 'ftp://" + hostAndPort
                + "' is not an address such as http://localhost:8080 or localhost:8080\n", bad.err());
    }

    @Test
    void exitCodesTellScriptsWhatWentWrong() {
        TcpfleetCli.Result unknown = cli.run("host", "no-such-host");
        assertEquals(1, unknown.exit(), unknown.toString());
        assertEquals("tcpfleet: no host named 'no-such-host'; ids look like cli-0 (tcpfleet hosts lists them)\n",
                unknown.err());

        TcpfleetCli.Result usage = cli.run("hosts", "--no-such-flag");
        assertEquals(2, usage.exit(), usage.toString());
        assertTrue(usage.err().contains("Unknown option: '--no-such-flag'"), usage.toString());
        assertEquals(2, usage.err().lines().count(), "the reason and one hint, not the whole help\n" + usage);
        assertTrue(usage.err().endsWith("run 'tcpfleet hosts --help' for its usage\n"), usage.toString());

        TcpfleetCli.Result unreachable = cli.run("hosts", "--api", "http://127.0.0.1:" + FreePorts.next());
        assertEquals(3, unreachable.exit(), unreachable.toString());
        assertTrue(unreachable.err().contains("cannot reach the API"), unreachable.toString());

        TcpfleetCli.Result wrongToken = cli.run("hosts", "--token", "tf_not-a-token-of-this-control-plane");
        assertEquals(1, wrongToken.exit(), wrongToken.toString());
        assertTrue(wrongToken.err().contains("HTTP 401"), wrongToken.toString());
    }

    /**
     * The README's automation commands, typed as is. Propose-mode rules (cooldown 0): cli-auto-yes answers cli-0's
     * alert, and its proposal is approved, which starts its rollout; cli-auto-no answers the prod hosts' alert, and
     * its proposals are rejected, which changes nothing there, and a rejected one cannot be approved after;
     * cli-auto-yes-too answers cli-0's alert after cli-auto-yes (rules decide by name) and is skipped: one open action
     * holds a host.
     */
    @Test
    void automationsProposalsAreListedApprovedOrRejectedAndTheirActionsRead() throws Exception {
        profile("cli-auto", Map.of("net.core.somaxconn", "3072"));
        Map<String, Object> staging = new HashMap<>(Map.of("metric", "established", "comparison", "above",
                "threshold", 1_000_000, "forSeconds", 0, "severity", "info", "labels", "env=staging"));
        Map<String, Object> prod = new HashMap<>(staging);
        prod.put("labels", "env=prod");
        api().body(staging).put("/api/alerts/rules/cli-auto-busy").then().statusCode(201);
        api().body(prod).put("/api/alerts/rules/cli-auto-prod").then().statusCode(201);
        Map<String, String> answers = Map.of("cli-auto-yes", "cli-auto-busy", "cli-auto-no", "cli-auto-prod",
                "cli-auto-yes-too", "cli-auto-busy");
        try {
            answers.forEach((rule, alert) -> api().body(Map.of("alertRule", alert, "action", "apply_profile",
                    "profile", "cli-auto", "bakeSeconds", 2, "mode", "propose", "cooldownSeconds", 0))
                    .put("/api/automation/rules/" + rule).then().statusCode(201));
            String table = ok("automation", "rules").out();
            assertTrue(table.startsWith("NAME "), table);
            assertTrue(table.lines().anyMatch(line -> line.matches("cli-auto-yes +cli-auto-busy +apply_profile"
                    + " +cli-auto@1 +propose +0s +yes")), table);
            String show = ok("automation", "rules", "show", "cli-auto-yes").out();
            assertTrue(show.lines().anyMatch(line -> line.matches("mode +propose")), show);
            TcpfleetCli.Result typo = cli.run("automation", "rules", "show", "cli-auto-ye");
            assertEquals(1, typo.exit(), typo.toString());
            assertEquals("tcpfleet: no automation rule 'cli-auto-ye'; did you mean 'cli-auto-yes'? (tcpfleet"
                    + " automation rules lists them)\n", typo.err());

            staging.put("threshold", 0); // the alerts fire, on cli-0 and on each prod host
            prod.put("threshold", 0);
            api().body(staging).put("/api/alerts/rules/cli-auto-busy").then().statusCode(200);
            api().body(prod).put("/api/alerts/rules/cli-auto-prod").then().statusCode(200);
            await().atMost(WAIT).untilAsserted(() -> api().get("/api/automation/actions?state=proposed").then()
                    .body("findAll { it.rule == 'cli-auto-yes' }.size()", equalTo(1))
                    .body("findAll { it.rule == 'cli-auto-no' }.size()", equalTo(3)));
            await().atMost(WAIT).untilAsserted(() -> api().get("/api/automation/actions?state=skipped").then()
                    .body("find { it.rule == 'cli-auto-yes-too' }.reason", startsWith("host cli-0 has an open automation"
                            + " action ")));

            String proposed = ok("automation", "actions", "--state", "proposed").out();
            assertTrue(proposed.startsWith("ID "), proposed);
            assertEquals(1, proposed.lines().filter(line -> line.matches("\\S+ +cli-auto-yes +cli-auto-busy"
                    + " on cli-0\\.sim +PROPOSED +\\S+ +- +-")).count(), proposed);
            assertEquals(3, proposed.lines().filter(line -> line.matches("\\S+ +cli-auto-no +cli-auto-prod"
                    + " on cli-[123]\\.sim +PROPOSED +\\S+ +- +-")).count(), proposed);
            Map<String, List<String>> ids = new HashMap<>();
            JSON.readTree(ok("-o", "json", "automation", "actions", "--state", "proposed", "--limit", "20").out())
                    .forEach(action -> ids.computeIfAbsent(action.path("rule").asText(), rule -> new ArrayList<>())
                            .add(action.path("id").asText()));
            String yes = ids.get("cli-auto-yes").get(0);
            String no = ids.get("cli-auto-no").get(0);

            assertEquals("action " + no + " rejected: nothing is done\n", ok("automation", "reject", no).out());
            TcpfleetCli.Result late = cli.run("automation", "approve", no);
            assertEquals(1, late.exit(), late.toString());
            assertEquals("tcpfleet: action " + no + " is already rejected: only a proposed action is approved or"
                    + " rejected (tcpfleet automation action " + no + " shows it)\n", late.err());
            ids.get("cli-auto-no").subList(1, 3).forEach(other -> ok("automation", "reject", other));

            assertEquals("action " + yes + " approved: it starts on the next tick (tcpfleet automation action " + yes
                    + " follows it)\n", ok("automation", "approve", yes).out());
            String rollout = await().atMost(WAIT).until(() -> api().get("/api/automation/actions/" + yes).then()
                    .extract().<String>path("rolloutId"), notNullValue());
            // ended before the next test, which may change cli-0 itself
            await().atMost(WAIT).untilAsserted(() -> api().get("/api/rollouts/" + rollout).then()
                    .body("state", oneOf("COMPLETED", "ROLLED_BACK")));

            String action = ok("automation", "action", yes).out();
            assertTrue(action.startsWith("ACTION "), action);
            assertTrue(action.lines().findFirst().orElseThrow().matches("ACTION +" + yes), action);
            assertTrue(action.lines().anyMatch(line -> line.matches("alert +cli-auto-busy on cli-0\\.sim: established"
                    + " above, \\d+ when it fired")), action);
            assertTrue(action.lines().anyMatch(line -> line.matches("started +rollout " + rollout)), action);
            assertTrue(action.lines().anyMatch(line -> line.matches("plan profile +cli-auto")), action);
            assertTrue(action.lines().anyMatch(line -> line.matches("plan selector\\.hosts +cli-0")), action);

            String all = ok("automation", "actions", "--limit", "5").out();
            assertTrue(all.lines().anyMatch(line -> line.startsWith(no) && line.contains(" REJECTED ")), all);
            assertTrue(all.lines().anyMatch(line -> line.startsWith(yes) && line.contains(" rollout " + rollout)),
                    all);
            TcpfleetCli.Result badState = cli.run("automation", "actions", "--state", "maybe");
            assertEquals(1, badState.exit(), badState.toString());
            assertTrue(badState.err().endsWith(" (--state)\n"), badState.toString());
        } finally {
            answers.keySet().forEach(rule -> api().delete("/api/automation/rules/" + rule));
            List.of("cli-auto-busy", "cli-auto-prod").forEach(alert -> api().delete("/api/alerts/rules/" + alert));
        }
    }
}
