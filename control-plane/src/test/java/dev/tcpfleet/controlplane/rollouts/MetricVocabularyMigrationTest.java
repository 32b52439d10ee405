package dev.tcpfleet.controlplane.rollouts;

import static dev.tcpfleet.controlplane.sql.Migrations.migrate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tcpfleet.controlplane.sql.JsonColumns;
import dev.tcpfleet.domain.metrics.SnapshotMetric;
import dev.tcpfleet.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * V27 against the real PostgreSQL: what rollouts and automation stored under the gate's former metric names reads
 * back under the one vocabulary, host ids and other text keep their words, and rows with nothing to rename are not
 * written again.
 */
class MetricVocabularyMigrationTest {
    private static final String FORMER_SPEC = """
            {"plan": {"canary": 1, "percentages": [50, 100]}, "bakeSeconds": 60, "missingData": "WAIT",
             "autoRollback": true, "toleratedAlerts": ["tw-high"],
             "metricChecks": [{"metric": "timeWait", "tolerancePercent": 10.0, "absolute": 100.0},
                              {"metric": "retransmitsPerSecond", "tolerancePercent": 5.0, "absolute": 0.0}]}
            """;
    private static final String SPEC = """
            {"plan": {"canary": 1, "percentages": [50, 100]}, "bakeSeconds": 60, "missingData": "WAIT",
             "autoRollback": true, "toleratedAlerts": ["tw-high"],
             "metricChecks": [{"metric": "time_wait", "tolerancePercent": 10.0, "absolute": 100.0},
                              {"metric": "retransmits_per_s", "tolerancePercent": 5.0, "absolute": 0.0}]}
            """;
    /** A host whose id starts like a former name: ids are not metric names and keep every character. */
    private static final String FORMER_GATE = """
            {"verdict": "FAIL", "hosts": [
              {"hostId": "timeWait-lab", "verdict": "FAIL",
               "reasons": ["timeWait rose from 10.0 to 90.0 (allowed up to 110.0)", "alert firing: tw-high",
                           "no retransmitsPerSecond before the wave"],
               "metrics": {"timeWait": {"before": 10.0, "after": 90.0},
                           "retransmitsPerSecond": {"before": null, "after": 2.0}}},
              {"hostId": "h-2", "verdict": "PASS", "reasons": [], "metrics": {}}]}
            """;
    private static final String GATE = """
            {"verdict": "FAIL", "hosts": [
              {"hostId": "timeWait-lab", "verdict": "FAIL",
               "reasons": ["time_wait rose from 10.0 to 90.0 (allowed up to 110.0)", "alert firing: tw-high",
                           "no retransmits_per_s before the wave"],
               "metrics": {"time_wait": {"before": 10.0, "after": 90.0},
                           "retransmits_per_s": {"before": null, "after": 2.0}}},
              {"hostId": "h-2", "verdict": "PASS", "reasons": [], "metrics": {}}]}
            """;
    private static final String FORMER_REASON = "wave 0 failed its gate: timeWait-lab: timeWait rose from 10.0 to"
            + " 90.0 (allowed up to 110.0); alert firing: tw-high; no retransmitsPerSecond before the wave";
    private static final String REASON = "wave 0 failed its gate: timeWait-lab: time_wait rose from 10.0 to"
            + " 90.0 (allowed up to 110.0); alert firing: tw-high; no retransmits_per_s before the wave";
    private static final String FORMER_PLAN = """
            {"profile": "web", "version": 2, "selector": {"hosts": ["h-1"]}, "canary": 1, "bakeSeconds": 60,
             "onMissingData": "wait", "autoRollback": true, "dryRun": false, "toleratedAlerts": ["lo-high"],
             "metricChecks": [{"metric": "listenOverflowsPerSecond", "tolerancePercent": 20.0, "absolute": 1.0}]}
            """;
    private static final String PLAN = """
            {"profile": "web", "version": 2, "selector": {"hosts": ["h-1"]}, "canary": 1, "bakeSeconds": 60,
             "onMissingData": "wait", "autoRollback": true, "dryRun": false, "toleratedAlerts": ["lo-high"],
             "metricChecks": [{"metric": "listen_overflows_per_s", "tolerancePercent": 20.0, "absolute": 1.0}]}
            """;
    private static final String CAMPAIGN_PLAN = """
            {"selector": {"hosts": ["h-1"]}, "target": "10.0.0.5:80", "kind": "connect_load", "connections": 10}
            """;

    @Test
    void storedRolloutsAndAutomationSpeakTheOneMetricVocabulary() throws SQLException {
        try (TestDatabase database = TestDatabase.create()) {
            migrate(database, "26");
            Map<String, Long> before;
            try (Connection connection = database.connect()) {
                insertRollout(connection, "r-former", FORMER_SPEC, FORMER_REASON);
                insertRollout(connection, "r-current", SPEC, null);
                insertWave(connection, "r-former", 0, FORMER_GATE);
                insertWave(connection, "r-former", 1, null);
                insertWave(connection, "r-current", 0, GATE);
                insertAction(connection, "a-former", "APPLY_PROFILE", FORMER_PLAN, "the rollout was rolled back before"
                        + " it completed: wave 0 failed its gate: h-1: listenOverflowsPerSecond rose from 0.0 to 9.0"
                        + " (allowed up to 1.0)");
                insertAction(connection, "a-campaign", "CAMPAIGN", CAMPAIGN_PLAN, null);
                before = rowVersions(connection);
            }

            migrate(database, null);

            try (Connection connection = database.connect()) {
                assertEquals("true", text(connection, "SELECT (spec = CAST(? AS jsonb))::text FROM rollouts"
                        + " WHERE id = 'r-former'", SPEC));
                assertEquals(REASON, text(connection, "SELECT reason FROM rollouts WHERE id = 'r-former'"));
                assertEquals("true", text(connection, "SELECT (gate = CAST(? AS jsonb))::text FROM rollout_waves"
                        + " WHERE rollout_id = 'r-former' AND wave = 0", GATE));
                assertNull(text(connection, "SELECT gate::text FROM rollout_waves"
                        + " WHERE rollout_id = 'r-former' AND wave = 1"));
                assertEquals("true", text(connection, "SELECT (plan = CAST(? AS jsonb))::text FROM automation_actions"
                        + " WHERE id = 'a-former'", PLAN));
                assertEquals("the rollout was rolled back before it completed: wave 0 failed its gate: h-1:"
                        + " listen_overflows_per_s rose from 0.0 to 9.0 (allowed up to 1.0)",
                        text(connection, "SELECT reason FROM automation_actions WHERE id = 'a-former'"));

                // the control plane reads what was renamed
                RolloutSpec spec = JsonColumns.read(text(connection, "SELECT spec::text FROM rollouts"
                        + " WHERE id = 'r-former'"), RolloutSpec.class);
                assertEquals(List.of(SnapshotMetric.TIME_WAIT, SnapshotMetric.RETRANSMITS_PER_S),
                        spec.metricChecks().stream().map(MetricCheck::metric).toList());
                HealthGate.Result gate = JsonColumns.read(text(connection, "SELECT gate::text FROM rollout_waves"
                        + " WHERE rollout_id = 'r-former' AND wave = 0"), HealthGate.Result.class);
                assertEquals(new HealthGate.Reading(10.0, 90.0), gate.hosts().get(0).metrics().get("time_wait"));

                Map<String, Long> after = rowVersions(connection);
                for (String unchanged : List.of("rollouts/r-current", "rollout_waves/r-current/0",
                        "rollout_waves/r-former/1", "automation_actions/a-campaign")) {
                    assertEquals(before.get(unchanged), after.get(unchanged), unchanged + " was written again");
                }
                for (String renamed : List.of("rollouts/r-former", "rollout_waves/r-former/0",
                        "automation_actions/a-former")) {
                    assertNotEquals(before.get(renamed), after.get(renamed), renamed + " was not renamed");
                }
            }
        }
    }


    private static void insertRollout(Connection connection, String id, String spec, String reason)
            throws SQLException {
        update(connection, "INSERT INTO rollouts (id, profile, profile_version, spec, state, reason)"
                + " VALUES (?, 'web', 2, CAST(? AS jsonb), 'ROLLED_BACK', ?)", id, spec, reason);
    }

    private static void insertWave(Connection connection, String rollout, int wave, String gate) throws SQLException {
        update(connection, "INSERT INTO rollout_waves (rollout_id, wave, phase, apply_command_id, rollback_command_id,"
                + " gate) VALUES (?, " + wave + ", 'FAILED', ?, ?, CAST(? AS jsonb))", rollout,
                rollout + "-apply-" + wave, rollout + "-rollback-" + wave, gate);
    }

    private static void insertAction(Connection connection, String id, String action, String plan, String reason)
            throws SQLException {
        update(connection, "INSERT INTO automation_actions (id, rule, alert_event_id, alert_rule, alert_subject,"
                + " metric, comparison, alert_value, action, host_ids, plan, state, reason, created_at, updated_at)"
                + " VALUES (?, ?, 1, 'lo-high', 'h-1', 'listen_overflows_per_s', 'ABOVE', 9, ?, '{h-1}',"
                + " CAST(? AS jsonb), 'ROLLED_BACK', ?, now(), now())", id, "rule-" + id, action, plan, reason);
    }

    /** Each row's xmin by table and key: a row rewritten gets a new one. */
    private static Map<String, Long> rowVersions(Connection connection) throws SQLException {
        String sql = """
                SELECT 'rollouts/' || id, xmin::text::bigint FROM rollouts
                UNION ALL SELECT 'rollout_waves/' || rollout_id || '/' || wave, xmin::text::bigint FROM rollout_waves
                UNION ALL SELECT 'automation_actions/' || id, xmin::text::bigint FROM automation_actions""";
        Map<String, Long> versions = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(sql); ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                versions.put(rows.getString(1), rows.getLong(2));
            }
        }
        return versions;
    }

    private static void update(Connection connection, String sql, String... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, parameters)) {
            statement.executeUpdate();
        }
    }

    private static String text(Connection connection, String sql, String... parameters) throws SQLException {
        try (PreparedStatement select = prepare(connection, sql, parameters); ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, String... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setString(i + 1, parameters[i]);
        }
        return statement;
    }
}
