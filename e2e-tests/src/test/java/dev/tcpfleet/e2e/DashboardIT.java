package dev.tcpfleet.e2e;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.domain.stress.TargetAllowlist;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The dashboard in a real browser (Debian's headless Chromium) against a control plane whose simulated fleet has
 * data for every page: hosts, a firing alert, a completed rollout and a finished campaign (within the hosts' own
 * stress allowlist, so none refuses it). Each test reads the page as a person would, by its visible text and drawn
 * charts, and saves a screenshot to target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {
    private static final int HOSTS = 4;
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** The hosts' own stress-test allowlist, narrower than the control plane's 10.0.0.0/8 port 80. */
    private static final TargetAllowlist HOSTS_ALLOW = TargetAllowlist.of(List.of("10.0.0.0/24"), List.of("80"));

    static SimulatedFleet fleet;
    static Path browserProfile;
    static ChromeDriver browser;

    @BeforeAll
    static void start() throws IOException {
        fleet = SimulatedFleet.start(HOSTS, "dash-", Duration.ofSeconds(1), Map.of(), Optional.of(HOSTS_ALLOW));
        await().atMost(WAIT).untilAsserted(() -> fleet.api().get("/api/hosts").then().body("size()", equalTo(HOSTS)));
        fleet.api().body(Map.of("metric", "sockets", "comparison", "above", "threshold", 0, "severity", "warning"))
                .put("/api/alerts/rules/sockets-seen").then().statusCode(201);
        fleet.api().body(Map.of("description", "dashboard", "settings", Map.of("net.core.somaxconn", "8192")))
                .put("/api/profiles/dash-tuning").then().statusCode(201);
        String rollout = fleet.api().body(Map.of("profile", "dash-tuning", "selector", Map.of("all", true),
                        "canary", 1, "percentages", List.of(100), "bakeSeconds", 1, "toleratedAlerts", List.of("sockets-seen")))
                .post("/api/rollouts").then().statusCode(201).extract().path("id");
        String campaign = fleet.api().body(Map.of("selector", Map.of("all", true), "target", "10.0.0.5:80",
                        "connections", 200, "concurrency", 10, "rate", 1000, "durationSeconds", 2))
                .post("/api/campaigns").then().statusCode(202).extract().path("id");
        await().atMost(WAIT).untilAsserted(() -> fleet.api().get("/api/rollouts/{id}", rollout).then()
                .body("state", equalTo("COMPLETED")));
        await().atMost(WAIT).untilAsserted(() -> fleet.api().get("/api/campaigns/{id}", campaign).then()
                .body("status", equalTo("FINISHED")));
        await().atMost(WAIT).untilAsserted(() -> fleet.api().get("/api/alerts?status=firing").then()
                .body("size()", greaterThan(0)));

        Files.createDirectories(SCREENSHOTS);
        browserProfile = Files.createTempDirectory("tcpfleet-chromium");
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium").addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1400,1100",
                "--user-data-dir=" + browserProfile);
        LoggingPreferences console = new LoggingPreferences();
        console.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, console);
        browser = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).build(), options);
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (fleet != null) {
            fleet.close();
        }
        if (browserProfile != null) {
            try (var files = Files.walk(browserProfile)) {
                files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void aPersonSignsInWithATokenAndAWrongOneIsRefused() {
        browser.get(fleet.baseUrl() + "/");
        visible(By.id("token")).sendKeys("tf_not-a-token");
        assertEquals(List.of(), browser.findElements(By.id("sign-out")), "Sign out before signing in");
        browser.findElement(By.id("sign-in")).click();
        awaitText(By.cssSelector("form [role=alert]"), "not in force");
        screenshot("sign-in");

        visible(By.id("token")).clear();
        browser.findElement(By.id("token")).sendKeys(ControlPlaneApi.token());
        browser.findElement(By.id("sign-in")).click();
        visible(By.cssSelector("[data-card=Hosts]"));
        visible(By.id("sign-out"));
        awaitText(By.id("signed-in-as"), "(admin)");
    }

    @Test
    @Order(2)
    void theFleetPageShowsHostsAlertsAndHeadlineCharts() {
        open("index.html");
        awaitText(By.cssSelector("[data-card=Hosts] .value"), String.valueOf(HOSTS));
        assertTrue(Integer.parseInt(text(By.cssSelector("[data-card='Firing alerts'] .value"))) > 0);
        String page = text(By.tagName("main"));
        for (int host = 0; host < HOSTS; host++) {
            assertTrue(page.contains("dash-" + host), "host dash-" + host + " is listed");
        }
        assertTrue(page.contains("sockets-seen"), "the firing alert is listed");
        // a fleet's socket count is a sum of averages over a minute, shown rounded, and the card says so
        for (String count : List.of("Established", "TIME_WAIT")) {
            By card = By.cssSelector("[data-card='" + count + "']");
            await().atMost(WAIT).ignoreExceptions().until(() -> text(By.cssSelector("[data-card='" + count + "'] .value"))
                    .matches("[0-9][0-9,]*"));
            assertTrue(browser.findElement(card).getAttribute("title").contains("average"), count);
        }
        awaitCharts(2);
        assertEquals("142 (average over the bucket, rounded)", ((JavascriptExecutor) browser).executeScript("""
                return echarts.getInstanceByDom(document.querySelector('.chart')).getOption().series[0]
                    .tooltip.valueFormatter(142.3);"""), "a chart's tooltip rounds a count");
        screenshot("fleet");
    }

    @Test
    @Order(3)
    void aHostPageDrawsItsTrendsAndListsTheRolloutsApply() {
        open("index.html");
        visible(By.linkText("dash-0")).click();
        awaitText(By.tagName("h1"), "dash-0");
        awaitCharts(3);
        String page = text(By.tagName("main"));
        assertTrue(page.contains("apply dash-tuning v1"), "the rollout's apply is among the changes: " + page);
        assertTrue(page.contains("APPLIED"), page);
        screenshot("host");

        visible(By.linkText("24 h")).click();
        await().atMost(WAIT).until(() -> browser.getCurrentUrl().contains("hours=24"));
        awaitCharts(3);
    }

    @Test
    @Order(4)
    void theRolloutsPageShowsEachWavesProgress() {
        open("rollouts.html");
        WebElement rollout = visible(By.cssSelector("[data-rollout]"));
        assertTrue(rollout.getText().contains("dash-tuning v1"), rollout.getText());
        assertTrue(rollout.getText().contains("completed"), rollout.getText());
        assertTrue(rollout.getText().contains("100% of hosts applied"), rollout.getText());
        List<WebElement> waves = rollout.findElements(By.cssSelector("[data-wave]"));
        assertEquals(2, waves.size(), "a canary wave and the rest");
        assertTrue(waves.get(0).getText().contains("1/1 applied"), waves.get(0).getText());
        assertTrue(waves.get(1).getText().contains((HOSTS - 1) + "/" + (HOSTS - 1) + " applied"), waves.get(1).getText());
        waves.forEach(wave -> assertEquals("100",
                wave.findElement(By.cssSelector("[role=progressbar]")).getAttribute("aria-valuenow")));
        // drawn, though the Content-Security-Policy refuses style attributes: the width is set through the DOM
        waves.forEach(wave -> assertEquals(wave.findElement(By.cssSelector("[role=progressbar]")).getSize().getWidth(),
                wave.findElement(By.cssSelector("[role=progressbar] > div")).getSize().getWidth()));
        assertTrue(waves.get(0).getText().startsWith("Wave 1"), "waves are numbered from 1: " + waves.get(0).getText());
        screenshot("rollouts");

        // each host of the rollout, with its wave and outcome
        rollout.findElement(By.cssSelector("a.hosts-link")).click();
        awaitText(By.cssSelector(".hosts table"), "APPLIED");
        List<WebElement> rows = browser.findElements(By.cssSelector(".hosts tbody tr"));
        assertEquals(HOSTS, rows.size(), text(By.cssSelector(".hosts")));
        rows.forEach(row -> assertTrue(row.getText().matches("dash-\\d\\.sim [12] applied APPLIED .*"), row.getText()));
        screenshot("rollout-hosts");
    }

    @Test
    @Order(5)
    void aBakingWaveCountsDown() {
        String baking = fleet.api().body(Map.of("profile", "dash-tuning", "selector", Map.of("hosts", List.of("dash-0")),
                        "canary", 1, "bakeSeconds", 3600))
                .post("/api/rollouts").then().statusCode(201).extract().path("id");
        try {
            open("rollouts.html?id=" + baking);
            By countdown = By.cssSelector("[data-rollout] [data-wave] .countdown");
            await().atMost(WAIT).ignoreExceptions().until(() -> text(countdown).matches("5\\dm\\d\\ds left"));
            String before = text(countdown);
            await().atMost(WAIT).ignoreExceptions().until(() -> !text(countdown).equals(before));
            assertTrue(text(By.cssSelector("[data-wave]")).contains("baking"), text(By.cssSelector("[data-wave]")));
            screenshot("rollout-baking");
        } finally {
            fleet.api().post("/api/rollouts/{id}/abort", baking).then().statusCode(200);
            // the rollout holds dash-0 until its rollback is answered: a later rollout over every host would get 409
            await().atMost(WAIT).untilAsserted(() -> fleet.api().get("/api/rollouts/{id}", baking).then()
                    .body("state", equalTo("ROLLED_BACK")));
        }
    }

    @Test
    @Order(6)
    void theCampaignsPageDrawsTheMergedLatencyHistogram() {
        open("campaigns.html");
        WebElement campaign = visible(By.cssSelector("[data-campaign]"));
        String text = campaign.getText();
        assertTrue(text.contains("connect_load → 10.0.0.5:80"), text);
        assertTrue(text.contains("finished"), text);
        assertTrue(text.contains(HOSTS + " hosts ran"), text);
        assertTrue(text.contains("of " + (HOSTS * 200) + " connects succeeded"), text);
        assertTrue(text.contains("p99"), text);
        awaitCharts(1);
        screenshot("campaigns");
    }

    @Test
    @Order(7)
    void anAlertIsSilencedAndTheSilenceEndedFromTheAlertsPage() {
        open("alerts.html");
        visible(By.cssSelector("[data-silence^='sockets-seen/']")).click();
        awaitText(By.tagName("main"), "silenced from the dashboard");
        fleet.api().get("/api/alerts/silences").then().body("size()", equalTo(1))
                .body("[0].rule", equalTo("sockets-seen"));
        assertTrue(text(By.tagName("main")).contains("silenced"), "the alert shows its silence");
        screenshot("alerts");

        visible(By.cssSelector("[data-end]")).click();
        awaitText(By.tagName("main"), "No silence is in force.");
        fleet.api().get("/api/alerts/silences").then().body("size()", equalTo(0));
    }

    /**
     * The pages run under the control plane's strict Content-Security-Policy (no inline script or style) without a
     * violation, a chart's tooltip shown included. The browser's console since the start is read: it holds the
     * refused sign-in's 401, so an empty read would not pass for a clean one.
     */
    @Test
    @Order(8)
    void noPageBreaksTheContentSecurityPolicyEvenWithATooltipShown() {
        for (String page : List.of("index.html", "host.html?id=dash-0", "campaigns.html")) {
            open(page);
            awaitCharts(1);
            ((JavascriptExecutor) browser).executeScript("""
                    document.querySelectorAll('.chart').forEach(box => echarts.getInstanceByDom(box)
                        ?.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: 0 }));""");
        }
        open("rollouts.html");
        visible(By.cssSelector("[data-wave]"));
        open("alerts.html");
        visible(By.cssSelector("[data-silence]"));

        List<String> console = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage).toList();
        assertTrue(console.stream().anyMatch(line -> line.contains("401")), "the console is read: " + console);
        assertEquals(List.of(), console.stream().filter(line -> line.contains("Content Security Policy")).toList());
    }

    @Test
    @Order(9)
    void aViewerIsOfferedNoControlItCannotUse() {
        long silence = fleet.api().body(Map.of("rule", "sockets-seen", "minutes", 60, "reason", "seen by a viewer"))
                .post("/api/alerts/silences").then().statusCode(201).extract().jsonPath().getLong("id");
        String viewer = fleet.api().body(Map.of("name", "dash-viewer", "role", "viewer")).post("/api/tokens").then()
                .statusCode(201).extract().path("token");
        open("alerts.html");
        visible(By.id("sign-out")).click();
        visible(By.id("token")).sendKeys(viewer);
        assertEquals(List.of(), browser.findElements(By.id("sign-out")), "Sign out before signing in");
        browser.findElement(By.id("sign-in")).click();
        awaitText(By.id("signed-in-as"), "dash-viewer (viewer)");
        awaitText(By.tagName("main"), "seen by a viewer");
        assertTrue(text(By.tagName("main")).contains("sockets-seen"), "the alert is listed");
        assertEquals(List.of(), browser.findElements(By.cssSelector("main button")), "no Silence or End for a viewer");
        screenshot("alerts-viewer");
        fleet.api().delete("/api/alerts/silences/{id}", silence).then().statusCode(204);
    }

    /**
     * A dry run's diff on the rollouts page and the commands page: the key each host would change, current and
     * wanted, and the host already as wanted (dash-0, applied first) on the one line of hosts with no change.
     */
    @Test
    @Order(10)
    void dryRunsShowEachHostsDiffOnTheRolloutsAndCommandsPages() {
        fleet.api().body(Map.of("description", "dashboard dry run", "settings",
                Map.of("net.ipv4.tcp_fin_timeout", "30"))).put("/api/profiles/dash-dry").then().statusCode(201);
        String kept = answered(Map.of("action", "apply", "hosts", List.of("dash-0"), "profile", "dash-dry"));
        try {
            String apply = answered(Map.of("action", "apply", "selector", Map.of("all", true), "profile", "dash-dry",
                    "dryRun", true));
            String rollout = fleet.api().body(Map.of("profile", "dash-dry", "selector", Map.of("all", true),
                    "dryRun", true)).post("/api/rollouts").then().statusCode(201).extract().path("id");
            await().atMost(WAIT).untilAsserted(() -> fleet.api().get("/api/rollouts/{id}", rollout).then()
                    .body("waves[0].hosts.state", everyItem(equalTo("planned"))));

            open("rollouts.html");
            diffShown(By.cssSelector("[data-rollout='" + rollout + "']"));
            screenshot("rollouts-dry-run");
            visible(By.linkText("Commands")).click();
            diffShown(By.cssSelector("[data-command='" + apply + "']"));
            screenshot("commands-dry-run");

            List<String> console = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .map(LogEntry::getMessage).filter(line -> line.contains("Content Security Policy")).toList();
            assertEquals(List.of(), console);
        } finally {
            answered(Map.of("action", "rollback", "rollbackOf", kept, "selector", Map.of("hosts", List.of("dash-0"))));
        }
    }

    /** Sends a command and waits until every host answered it; its id. */
    private static String answered(Map<String, Object> request) {
        String id = fleet.api().body(request).post("/api/commands").then().statusCode(202).extract().path("id");
        await().atMost(WAIT).untilAsserted(() -> fleet.api().get("/api/commands/{id}", id).then()
                .body("hosts.status", everyItem(equalTo("ANSWERED"))));
        return id;
    }

    private static void diffShown(By dryRun) {
        awaitText(dryRun, "No change on 1 host: dash-0");
        String text = text(dryRun);
        for (int host = 1; host < HOSTS; host++) {
            assertTrue(text.contains("dash-" + host + " net.ipv4.tcp_fin_timeout 60 30"), text);
        }
    }

    @Test
    @Order(11)
    void theHostTableIsSearchedSortedAndPagedByTheControlPlane() {
        open("index.html?rows=3");
        awaitText(By.id("hosts-range"), "1–3 of " + HOSTS);
        await().atMost(WAIT).until(() -> hostRows().equals(List.of("dash-0", "dash-1", "dash-2")));
        visible(By.id("hosts-next")).click();
        awaitText(By.id("hosts-range"), "4–4 of " + HOSTS);
        await().atMost(WAIT).until(() -> hostRows().equals(List.of("dash-3")));

        visible(By.cssSelector("th[data-sort=id] button")).click();
        awaitText(By.cssSelector("th[data-sort=id]"), "▼");
        await().atMost(WAIT).until(() -> hostRows().equals(List.of("dash-3", "dash-2", "dash-1")));

        visible(By.id("host-search")).sendKeys("DASH-2");
        await().atMost(WAIT).until(() -> hostRows().equals(List.of("dash-2")));
        awaitText(By.id("hosts-range"), "1–1 of 1");
        browser.findElement(By.id("host-search")).clear();
        browser.findElement(By.id("host-search")).sendKeys("dash-");

        visible(By.cssSelector("#worst-by option[value=established]")).click();
        awaitText(By.cssSelector("th[data-sort=established]"), "Established ▼");
        @SuppressWarnings("unchecked")
        List<Double> worstFirst = await().atMost(WAIT).ignoreExceptions().until(() -> ((List<String>)
                ((JavascriptExecutor) browser).executeScript("return [...document.querySelectorAll("
                        + "'#hosts tbody tr td:nth-child(3)')].map(cell => cell.textContent);")).stream()
                .map(cell -> Double.parseDouble(cell.replace(",", ""))).toList(), figures -> figures.size() == 3);
        assertEquals(worstFirst.stream().sorted(Comparator.reverseOrder()).toList(), worstFirst, "worst first");
        screenshot("fleet-hosts");
    }

    @Test
    @Order(12)
    void changeMarksCloseTogetherMergeAndAxisLabelsKeepTheirDigits() {
        open("index.html");
        awaitCharts(2);
        Object marks = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const at = minutes => new Date(Date.UTC(2026, 0, 1, 12, minutes)).toISOString();
                import('./dashboard.js').then(dashboard => done(dashboard.changeMarks([
                    { type: 'apply', outcome: 'APPLIED', at: at(0) }, { type: 'confirm', at: at(1) },
                    { type: 'apply', outcome: 'FAILED', at: at(2) }, { type: 'rollback', at: at(40) }], 3600000)
                    .map(mark => mark.name + ': ' + mark.changes.join(', '))));""");
        assertEquals(List.of("3 changes: apply APPLIED, confirm, apply FAILED", "rollback: rollback"), marks,
                "marks within a 24th of the axis merge");
        assertEquals("12.3K", ((JavascriptExecutor) browser).executeScript("""
                return echarts.getInstanceByDom(document.querySelector('.chart')).getOption().yAxis[0]
                    .axisLabel.formatter(12345);"""), "an axis label is short");
        assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript("""
                return echarts.getInstanceByDom(document.querySelector('.chart')).getOption().grid[0].containLabel;"""),
                "the axis has the room its labels need");
    }

    /**
     * A campaign the control plane sends but each host refuses, its target off the hosts' own allowlist: the campaigns
     * page lists every host with its agent's reason, which names the setting (and its environment variable) to change.
     */
    @Test
    @Order(13)
    void eachHostsRefusalShowsWithTheAgentSettingThatWouldLetItRun() {
        String refused = fleet.api().body(Map.of("selector", Map.of("all", true), "target", "10.0.1.5:80",
                        "connections", 10, "concurrency", 1, "rate", 10, "durationSeconds", 2))
                .post("/api/campaigns").then().statusCode(202).extract().path("id");
        await().atMost(WAIT).untilAsserted(() -> fleet.api().get("/api/campaigns/{id}", refused).then()
                .body("status", equalTo("FINISHED")).body("fleet.hostsRefused", equalTo(HOSTS)));

        open("campaigns.html");
        By campaign = By.cssSelector("[data-campaign='" + refused + "']");
        awaitText(campaign, "0 hosts ran, " + HOSTS + " refused");
        List<String> rows = browser.findElement(campaign).findElements(By.cssSelector(".refusals tbody tr")).stream()
                .map(WebElement::getText).sorted().toList();
        assertEquals(HOSTS, rows.size(), text(campaign));
        for (int host = 0; host < HOSTS; host++) {
            assertEquals("dash-" + host + " target 10.0.1.5:80 (10.0.1.5) is not in this host's stress-test allowlist"
                    + " (tcpfleet.agent.stress.allow-networks, env TCPFLEET_AGENT_STRESS_ALLOW_NETWORKS: add"
                    + " 10.0.1.5/32)", rows.get(host));
        }
        screenshot("campaign-refused");
    }

    /**
     * Who made each change: the rollouts page names the token that started the setup's rollout, the host page lists
     * its apply by that token with the rollout it belongs to, and a chart's change marks name the actor.
     */
    @Test
    @Order(14)
    void theRolloutsPageAndTheHostsChangesSayWhoMadeEachChange() {
        open("rollouts.html");
        awaitText(By.cssSelector("[data-rollout]"), "by user:bootstrap");

        open("host.html?id=dash-0");
        awaitText(By.tagName("main"), "apply dash-tuning v1");
        List<String> applies = browser.findElements(By.cssSelector("main table tbody tr")).stream()
                .map(WebElement::getText).filter(row -> row.contains("apply dash-tuning v1")).toList();
        assertTrue(!applies.isEmpty() && applies.stream().allMatch(row -> row.contains("user:bootstrap")),
                "each apply names the token behind it: " + applies);
        Object marks = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('./dashboard.js').then(dashboard => done(dashboard.changeMarks([
                    { type: 'rollback', outcome: 'REVERTED', at: '2026-01-01T12:00:00Z', actor: 'closed-loop:fix-tw' },
                    { type: 'apply', at: '2026-01-01T12:30:00Z' }], 3600000).map(mark => mark.name)));""");
        assertEquals(List.of("rollback REVERTED by closed-loop:fix-tw", "apply"), marks,
                "a mark names its actor, none for a change from before attribution");
        screenshot("host-changes-by");
    }

    /**
     * A proposal of automation on the automation page: a viewer sees it without Approve or Reject; an operator approves
     * it with its button, and it leaves the proposals for the recent actions, approved and then started; its details
     * chart the alert's figure on its host around its run, with no Content-Security-Policy violation.
     */
    @Test
    @Order(15)
    void aProposalIsApprovedFromTheAutomationPageAndListedAmongTheActions() {
        Map<String, Object> busy = new HashMap<>(Map.of("metric", "established", "comparison", "above", "threshold",
                1_000_000, "forSeconds", 0, "severity", "info", "labels", "env=staging"));
        fleet.api().body(busy).put("/api/alerts/rules/dash-auto-busy").then().statusCode(201);
        fleet.api().body(Map.of("alertRule", "dash-auto-busy", "action", "apply_profile", "profile", "dash-tuning",
                "bakeSeconds", 2, "mode", "propose", "cooldownSeconds", 0)).put("/api/automation/rules/dash-auto")
                .then().statusCode(201);
        busy.put("threshold", 0); // fires on dash-0, the one env=staging host: the rule proposes an apply there
        fleet.api().body(busy).put("/api/alerts/rules/dash-auto-busy").then().statusCode(200);
        String id = await().atMost(WAIT).until(() -> fleet.api().get("/api/automation/actions?state=proposed").then()
                .extract().<String>path("find { it.alertRule == 'dash-auto-busy' }.id"), notNullValue());

        String viewer = fleet.api().body(Map.of("name", "dash-auto-viewer", "role", "viewer")).post("/api/tokens")
                .then().statusCode(201).extract().path("token");
        signIn("automation.html", viewer, "(viewer)");
        By proposal = By.cssSelector("#proposals [data-action='" + id + "']");
        visible(proposal);
        assertTrue(text(By.id("proposals")).contains("dash-auto-busy on dash-0"), text(By.id("proposals")));
        assertEquals(List.of(), browser.findElements(By.cssSelector("main button")), "no Approve or Reject for a viewer");

        signIn("automation.html", ControlPlaneApi.token(), "(admin)");
        visible(By.cssSelector("[data-reject='" + id + "']"));
        visible(By.cssSelector("[data-approve='" + id + "']")).click();

        await().atMost(WAIT).until(() -> browser.findElements(proposal).isEmpty());
        By row = By.xpath("//div[@id='actions']//a[@data-action='" + id + "']/ancestor::tr");
        await().atMost(WAIT).ignoreExceptions().until(() -> text(row).matches("(?s)(approved|started|kept|rolled back)"
                + "\\s+dash-auto\\s+dash-auto-busy on dash-0\\s+dash-tuning@1\\s.*"));
        fleet.api().get("/api/automation/actions/{id}", id).then().body("state", not(equalTo("PROPOSED")));
        screenshot("automation");

        browser.findElement(row).findElement(By.linkText("details")).click();
        awaitText(By.tagName("h1"), "Automation action");
        awaitText(By.cssSelector("[data-action='" + id + "']"), "dash-tuning@1");
        awaitCharts(1);
        screenshot("automation-action");
        List<String> console = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage).filter(line -> line.contains("Content Security Policy")).toList();
        assertEquals(List.of(), console);

        // the canary judge's verdict (none in this fleet yet, whose actions the closed loop judges) reads as one line
        Object lines = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const verdict = mode => ({ metric: 'time_wait', result: 'BETTER', mode, weaker: mode === 'before_after',
                    test: 'Mann-Whitney U', u: 123, p: 0.0123456, effect: -812.5, effectPercent: -41, minEffect: 30,
                    canary: { hosts: ['h1'], samples: 24, median: 1100 },
                    baseline: { hosts: ['h2', 'h3'], samples: 48, median: 1912.5 } });
                import('./verdicts.js').then(verdicts => done(['baseline', 'before_after']
                    .map(mode => verdicts.verdictLine(verdict(mode)))));""");
        assertEquals(List.of("better · Mann-Whitney U · 24 canary and 48 baseline samples · effect -813 (-41%), minimum 30"
                + " · p=0.0123 · mode baseline", "better · Mann-Whitney U · 24 canary and 48 baseline samples · effect"
                + " -813 (-41%), minimum 30 · p=0.0123 · mode before/after, weaker"), lines);

        fleet.api().delete("/api/automation/rules/dash-auto").then().statusCode(204);
    }

    /** Opens {@code page} signed in with {@code token}, signing out first whoever was. */
    private static void signIn(String page, String token, String role) {
        open(page);
        browser.findElements(By.id("sign-out")).forEach(WebElement::click);
        visible(By.id("token")).sendKeys(token);
        browser.findElement(By.id("sign-in")).click();
        awaitText(By.id("signed-in-as"), role);
    }

    /** The host ids of the table's page, in its order: read in one script, as a refresh may redraw the rows. */
    @SuppressWarnings("unchecked")
    private static List<String> hostRows() {
        return (List<String>) ((JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll('#hosts tbody tr[data-host]')].map(row => row.dataset.host);");
    }

    private static void open(String page) {
        browser.get(fleet.baseUrl() + "/dashboard/" + page);
    }

    private static WebElement visible(By locator) {
        return await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElement(locator), WebElement::isDisplayed);
    }

    private static String text(By locator) {
        return browser.findElement(locator).getText();
    }

    /** Waits until the element is there and shows {@code expected} among its text, as the page draws itself. */
    private static void awaitText(By locator, String expected) {
        await().atMost(WAIT).ignoreExceptions().until(() -> text(locator).contains(expected));
    }

    /** At least {@code count} charts on the page, each drawn with a size and with points the API gave. */
    private static void awaitCharts(int count) {
        Supplier<Object> drawn = () -> ((JavascriptExecutor) browser).executeScript("""
                return [...document.querySelectorAll('.chart')].map(box => echarts.getInstanceByDom(box))
                    .filter(chart => chart && chart.getWidth() > 100 && chart.getHeight() > 100
                        && chart.getOption().series.some(series => series.data.length > 0)).length;""");
        await().atMost(WAIT).ignoreExceptions().until(() -> ((Number) drawn.get()).intValue() >= count);
    }

    private static void screenshot(String name) {
        try {
            Files.move(browser.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("cannot save the screenshot " + name, e);
        }
    }
}
