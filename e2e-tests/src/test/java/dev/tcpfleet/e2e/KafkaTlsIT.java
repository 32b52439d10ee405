package dev.tcpfleet.e2e;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.tcpfleet.protocol.Topics;
import dev.tcpfleet.protocol.commands.CommandSignatures;
import dev.tcpfleet.testing.AppProcess;
import dev.tcpfleet.testing.KafkaBrokerProcess;
import dev.tcpfleet.testing.TestDatabase;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Both apps given only the broker's TLS listener and the truststore for it: a snapshot reaches the database, and a
 * command reaches the agent's own consumer and its answer comes back.
 */
class KafkaTlsIT {
    private static final Duration START = Duration.ofSeconds(120);

    @Test
    void theAppsTalkToTheBrokerOverTlsOnly() throws Exception {
        Path state = Files.createTempDirectory("tcpfleet-tls-agent-");
        KeyPair keys = CommandSignatures.generateKeys();
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.startOnLoopbackWithTls();
             TestDatabase database = TestDatabase.create()) {
            broker.createTopics(4, Topics.SNAPSHOTS, Topics.DEAD_LETTERS, Topics.COMMANDS, Topics.COMMAND_RESULTS,
                    Topics.STRESS_RESULTS);
            Map<String, String> kafka = new HashMap<>(broker.tls().clientSettings("kafka."));
            kafka.put("kafka.bootstrap.servers", broker.tlsBootstrapServers());

            Map<String, String> controlPlaneConfig = new HashMap<>(kafka);
            controlPlaneConfig.putAll(ControlPlaneApi.config());
            controlPlaneConfig.putAll(Map.of(
                    "quarkus.datasource.jdbc.url", database.jdbcUrl(),
                    "quarkus.datasource.username", database.user(),
                    "quarkus.datasource.password", database.password(),
                    "tcpfleet.commands.signing-key", CommandSignatures.encode(keys.getPrivate())));
            Map<String, String> agentConfig = TestHostKeys.agentConfig(kafka);
            agentConfig.putAll(Map.of(
                    "tcpfleet.agent.host-id", "tls-host",
                    "tcpfleet.agent.interval", "1s",
                    "tcpfleet.agent.state-dir", state.toString(),
                    "tcpfleet.agent.sysctl-files-root", state.resolve("root").toString(),
                    "tcpfleet.agent.command-public-key", CommandSignatures.encode(keys.getPublic())));
            try (AppProcess controlPlane = AppProcess.start("control-plane-tls", "control-plane", controlPlaneConfig)
                         .awaitReady(START);
                 AppProcess agent = AppProcess.start("agent-tls", "host-agent", agentConfig).awaitReady(START)) {
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> ControlPlaneApi.given(controlPlane.baseUrl())
                        .get("/api/hosts/tls-host/snapshots/latest").then().statusCode(200));

                ControlPlaneApi.given(controlPlane.baseUrl()).contentType(ContentType.JSON)
                        .body(Map.of("description", "tls test", "settings", Map.of("net.core.somaxconn", "8190")))
                        .put("/api/profiles/tls-test").then().statusCode(201);
                String id = ControlPlaneApi.given(controlPlane.baseUrl()).contentType(ContentType.JSON)
                        .body(Map.of("action", "apply", "hosts", List.of("tls-host"), "profile", "tls-test",
                                "dryRun", true))
                        .post("/api/commands").then().statusCode(202).extract().path("id");
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> ControlPlaneApi.given(controlPlane.baseUrl())
                        .get("/api/commands/" + id).then().statusCode(200)
                        .body("hosts[0].outcome", equalTo("PLANNED")));
            }
        } finally {
            try (var paths = Files.walk(state)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
