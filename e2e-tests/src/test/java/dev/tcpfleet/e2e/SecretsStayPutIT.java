package dev.tcpfleet.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.testing.KafkaBrokerProcess;
import dev.tcpfleet.testing.NetNamespace;
import dev.tcpfleet.testing.RepoPaths;
import dev.tcpfleet.testing.TopicRecords;
import dev.tcpfleet.testing.sockets.SocketFixtureProcess;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A process on a namespace host holds a TCP socket with a password and a signing key on its command line, as the
 * issue's attacker found them. Its socket and its redacted command line travel to every place a snapshot goes, and
 * neither secret does: the agent's {@code analyze}, the snapshot topic, the database, the API and the dashboard.
 */
class SecretsStayPutIT {
    private static final String PASSWORD = "hunter2";
    /** A value of the test's own, so that no other process on the machine can carry it by chance. */
    private static final String KEY = "SOMEVALUE" + UUID.randomUUID().toString().substring(0, 8);
    private static final List<String> SECRETS = List.of(PASSWORD, KEY);

    static TestFleet fleet;
    static SocketFixtureProcess fixture;
    /** The fixture's entry in the latest snapshot the API serves, once the agent has seen it. */
    static Map<String, Object> reported;

    @BeforeAll
    static void aProcessWithSecretsOnItsCommandLineHoldsASocket() throws IOException {
        assumeTrue(NetNamespace.supported(), "needs root and iproute2 to create network namespaces");
        fleet = TestFleet.start(1, network -> Map.of());
        fleet.startAgents();
        fixture = SocketFixtureProcess.start(fleet.host(0), List.of("-Dx.signing-key=" + KEY),
                List.of("--password=" + PASSWORD, "listen@127.0.0.1:7301"));
        assertTrue(Files.readString(Path.of("/proc/" + fixture.pid() + "/cmdline")).contains(PASSWORD),
                "the secret is on the process's command line, where the agent reads it");
        reported = await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> fixtureIn(latest()), entry -> entry != null);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void theSnapshotKeepsTheProcessItsSocketsAndItsRedactedCommandLine() {
        String line = (String) reported.get("commandLine");
        assertTrue(line.contains("-Dx.signing-key=<redacted>"), line);
        assertTrue(line.contains("--password=<redacted>"), line);
        assertTrue(line.contains("dev.tcpfleet.testing.sockets.SocketFixture"), line);
        assertEquals("JAVA", reported.get("runtime"), "the runtime is still told from the redacted line");
        assertEquals(1, reported.get("total"), "the fixture's listener");
    }

    @Test
    void analyzeNeverPrintsThem() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String agent = RepoPaths.built("host-agent/target/quarkus-app/quarkus-run.jar").toString();
        String text = fleet.host(0).run(java, "-Xmx256m", "-jar", agent, "analyze");
        String json = fleet.host(0).run(java, "-Xmx256m", "-jar", agent, "analyze", "--json");

        assertTrue(text.contains(String.valueOf(fixture.pid())), "the report lists the fixture:\n" + text);
        assertTrue(json.contains("--password=<redacted>"), json);
        assertNone(text, "analyze");
        assertNone(json, "analyze --json");
    }

    @Test
    void theSnapshotTopicNeverCarriesThem() {
        List<ConsumerRecord<String, byte[]>> records = TopicRecords.all(fleet.broker.bootstrapServers(), Topics.SNAPSHOTS);
        long withTheFixture = records.stream().map(record -> new String(record.value(), StandardCharsets.UTF_8))
                .filter(value -> value.contains("--password=<redacted>")).count();
        assertTrue(withTheFixture > 0, "snapshots with the fixture's process are on the topic");
        for (ConsumerRecord<String, byte[]> record : records) {
            assertNone(new String(record.value(), StandardCharsets.UTF_8), "a record of " + record.key());
        }
    }

    @Test
    void theDatabaseNeverStoresThem() throws SQLException {
        try (Connection connection = fleet.database.connect()) {
            assertTrue(count(connection, "%--password=<redacted>%") > 0, "the fixture's snapshots are stored");
            for (String secret : SECRETS) {
                assertEquals(0, count(connection, "%" + secret + "%"), "snapshots holding " + secret);
            }
        }
    }

    @Test
    void theApiNeverServesThem() {
        String range = fleet.api().get("/api/hosts/host-0/snapshots").then().statusCode(200).extract().asString();
        assertTrue(range.contains("--password=<redacted>"), "the range holds the fixture's snapshots");
        assertNone(range, "GET /api/hosts/host-0/snapshots");
        assertNone(fleet.api().get("/api/hosts/host-0/snapshots/latest").then().statusCode(200).extract().asString(),
                "GET /api/hosts/host-0/snapshots/latest");
    }

    /** The host page renders the latest snapshot it fetches; its source and text are what a viewer gets. */
    @Test
    void theDashboardNeverShowsThem() throws IOException {
        Path profile = Files.createTempDirectory("tcpfleet-chromium");
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium").addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=" + profile);
        ChromeDriver browser = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).build(), options);
        try {
            String page = fleet.baseUrl() + "/dashboard/host.html?id=host-0";
            browser.get(page);
            browser.executeScript("sessionStorage.setItem('tcpfleet-token', arguments[0])", ControlPlaneApi.token());
            browser.get(page);
            await().atMost(Duration.ofMinutes(1)).ignoreExceptions().until(() ->
                    browser.findElement(By.tagName("main")).getText().contains("Busiest ports now"));
            String shown = browser.findElement(By.tagName("body")).getText();
            assertTrue(shown.contains("7301"), "the fixture's listening port is among the busiest:\n" + shown);
            assertNone(shown, "the host page's text");
            assertNone(browser.getPageSource(), "the host page's source");
        } finally {
            browser.quit();
            KafkaBrokerProcess.deleteRecursively(profile);
        }
    }

    private static void assertNone(String text, String where) {
        for (String secret : SECRETS) {
            assertFalse(text.contains(secret), where + " holds " + secret + ":\n" + text);
        }
    }

    private static long count(Connection connection, String pattern) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT count(*) FROM snapshots WHERE host_id = 'host-0' AND body::text LIKE ?")) {
            select.setString(1, pattern);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static JsonPath latest() {
        return fleet.api().get("/api/hosts/host-0/snapshots/latest").then().statusCode(200).extract().jsonPath();
    }

    private static Map<String, Object> fixtureIn(JsonPath latest) {
        List<Map<String, Object>> processes = latest.getList("snapshot.processes");
        return processes.stream().filter(process -> ((Number) process.get("pid")).longValue() == fixture.pid())
                .findFirst().orElse(null);
    }
}
