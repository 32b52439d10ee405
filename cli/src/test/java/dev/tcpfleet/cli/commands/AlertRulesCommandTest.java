package dev.tcpfleet.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class AlertRulesCommandTest {
    private static final String RULES = """
            [{"name": "time-wait-high", "scope": "host", "metric": "time_wait", "aggregate": null,
              "comparison": "above", "threshold": 10000.0, "clearThreshold": 8000.0, "forSeconds": 300,
              "severity": "warning", "labels": "env=prod"},
             {"name": "fleet-thin", "scope": "fleet", "metric": "established", "aggregate": "sum",
              "comparison": "below", "threshold": 2.5, "clearThreshold": 3.0, "forSeconds": 0,
              "severity": "critical", "labels": null}]""";

    private static JsonNode rules() throws Exception {
        return new ObjectMapper().readTree(RULES);
    }

    @Test
    void theListShowsWhenEachRuleFiresAndClearsInItsOwnTerms() throws Exception {
        String table = AlertRulesCommand.table(rules());

        String[] lines = table.split("\\n");
        assertEquals(3, lines.length, table);
        assertTrue(lines[0].matches("NAME +SCOPE +METRIC +FIRES +CLEARS +FOR +SEVERITY +LABELS"), lines[0]);
        assertTrue(lines[1].matches("time-wait-high +host +time_wait +above 10000 +at or below 8000 +300s +warning"
                + " +env=prod"), lines[1]);
        assertTrue(lines[2].matches("fleet-thin +fleet +sum\\(established\\) +below 2\\.5 +at or above 3 +0s"
                + " +critical +-"), lines[2]);
    }

    @Test
    void oneRuleShowsATermPerLine() throws Exception {
        String terms = AlertRulesCommand.terms(rules().get(0));

        assertTrue(terms.contains("\nfires     above 10000\n"), terms);
        assertTrue(terms.contains("\nclears    at or below 8000\n"), terms);
        assertTrue(terms.contains("\nfor       300s\n"), terms);
    }
}
