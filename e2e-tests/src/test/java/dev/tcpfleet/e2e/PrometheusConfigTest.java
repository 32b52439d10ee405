package dev.tcpfleet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.testing.Promtool;
import dev.tcpfleet.testing.RepoPaths;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * deploy/prometheus as Debian's Prometheus 2.42 reads it, with the commands README gives an operator: the scrape
 * config (with the rule file and the agents' target files it names) is valid, the rules are, and the rules' unit tests
 * in {@code tcpfleet-rules.test.yml} pass: each alert fires when it should, with its labels and annotations, and not
 * otherwise; and each alert's runbook is its row in README.
 */
class PrometheusConfigTest {
    private static final Path ROOT = RepoPaths.root();

    @Test
    void theScrapeConfigItsRuleFileAndItsAgentTargetsAreValid() throws IOException {
        assertSucceeds("check", "config", "deploy/prometheus/prometheus.yml");
    }

    @Test
    void theRulesAreValid() throws IOException {
        assertSucceeds("check", "rules", "deploy/prometheus/tcpfleet-rules.yml");
    }

    @Test
    void eachRuleFiresAndStaysQuietAsItsUnitTestsSay() throws IOException {
        assertSucceeds("test", "rules", "deploy/prometheus/tcpfleet-rules.test.yml");
    }

    @Test
    void eachAlertsRunbookIsAnAnchorInTheReadme() throws IOException {
        Map<?, ?> rules = Serialization.yamlMapper().readValue(
                Files.readString(ROOT.resolve("deploy/prometheus/tcpfleet-rules.yml")), Map.class);
        String readme = Files.readString(ROOT.resolve("README.md"));
        List<String> alerts = new ArrayList<>();
        for (Object group : (List<?>) rules.get("groups")) {
            for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
                String alert = (String) ((Map<?, ?>) rule).get("alert");
                String anchor = alert.toLowerCase(Locale.ROOT);
                Map<?, ?> annotations = (Map<?, ?>) ((Map<?, ?>) rule).get("annotations");
                alerts.add(alert);
                assertEquals("README.md#" + anchor, annotations.get("runbook_url"), alert);
                assertTrue(readme.contains("<a id=\"" + anchor + "\"></a>`" + alert + "`"),
                        "README.md has no row for " + alert);
            }
        }
        assertEquals(6, alerts.size(), "README.md says six alerts: " + alerts);
    }

    /** Runs promtool in the repository root, as README's commands do, and fails with its output unless it succeeds. */
    private static void assertSucceeds(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Promtool.installed().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            assertEquals(0, process.waitFor(), () -> String.join(" ", command) + " failed:\n" + output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

}
