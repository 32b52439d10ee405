package dev.tcpfleet.controlplane.changes;

import static dev.tcpfleet.controlplane.sql.Migrations.migrate;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcpfleet.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * V33 against the real PostgreSQL: changes made before attribution get the actor, rollout and action that
 * automation's actions and the audit trail tell, and none where nothing tells.
 */
class ChangeAttributionMigrationTest {

    @Test
    void olderChangesAreAttributedWhereActionsAndTheAuditTrailTellAndLeftUnknownElsewhere() throws SQLException {
        try (TestDatabase database = TestDatabase.create()) {
            migrate(database, "31");
            try (Connection connection = database.connect()) {
                rollout(connection, "r-op", "aborted by an operator");
                rollout(connection, "r-auto", "rolled back by the closed loop, the alert's figure got worse: h-1");
                rollout(connection, "r-gate", "wave 1 failed its gate: h-1: time_wait rose");
                rollout(connection, "r-old", null);
                for (String command : List.of("c-op-apply", "c-op-rollback", "c-auto-apply", "c-auto-rollback",
                        "c-gate-apply", "c-gate-rollback", "c-manual", "c-old")) {
                    update(connection, "INSERT INTO commands (id, action, dry_run, created_at, expires_at)"
                            + " VALUES (?, 'apply', false, now(), now())", command);
                }
                for (String rollout : List.of("op", "auto", "gate")) {
                    update(connection, "INSERT INTO rollout_waves (rollout_id, wave, phase, apply_command_id,"
                            + " rollback_command_id) VALUES (?, 0, 'FAILED', ?, ?)", "r-" + rollout,
                            "c-" + rollout + "-apply", "c-" + rollout + "-rollback");
                }
                action(connection, "a-1", "fix-tw", "r-auto", null, "rolled back by the closed loop, the alert's"
                        + " figure got worse: h-1");
                action(connection, "a-2", "probe", null, "k-auto", null);
                audit(connection, "alice", "POST /api/rollouts", "r-op", "201");
                audit(connection, "bob", "POST /api/rollouts/{id}/abort", "r-op", "200");
                audit(connection, "carol", "POST /api/rollouts", "r-gate", "201");
                audit(connection, "mallory", "POST /api/rollouts", "r-old", "409 conflict: refused");
                audit(connection, "dave", "POST /api/commands", "c-manual", "202");
                audit(connection, "erin", "POST /api/campaigns", "k-op", "202");
                for (String campaign : List.of("k-auto", "k-op", "k-old")) {
                    update(connection, "INSERT INTO campaigns (id, test, created_at, expires_at, deadline)"
                            + " VALUES (?, '{}', now(), now(), now())", campaign);
                }
            }

            migrate(database, null);

            try (Connection connection = database.connect()) {
                assertEquals(List.of(
                        "r-auto automation:fix-tw closed-loop:fix-tw a-1",
                        "r-gate user:carol rollout-gate null",
                        "r-old null null null",
                        "r-op user:alice user:bob null"),
                        rows(connection, "SELECT id, started_by, rolled_back_by, action_id FROM rollouts ORDER BY id"));
                assertEquals(List.of(
                        "c-auto-apply automation:fix-tw r-auto a-1",
                        "c-auto-rollback closed-loop:fix-tw r-auto a-1",
                        "c-gate-apply user:carol r-gate null",
                        "c-gate-rollback rollout-gate r-gate null",
                        "c-manual user:dave null null",
                        "c-old null null null",
                        "c-op-apply user:alice r-op null",
                        "c-op-rollback user:bob r-op null"),
                        rows(connection, "SELECT id, actor, rollout_id, action_id FROM commands ORDER BY id"));
                assertEquals(List.of("k-auto automation:probe a-2", "k-old null null", "k-op user:erin null"),
                        rows(connection, "SELECT id, started_by, action_id FROM campaigns ORDER BY id"));
            }
        }
    }


    private static void rollout(Connection connection, String id, String reason) throws SQLException {
        update(connection, "INSERT INTO rollouts (id, profile, profile_version, spec, state, reason)"
                + " VALUES (?, 'web', 2, '{}', 'ROLLED_BACK', ?)", id, reason);
    }

    private static void action(Connection connection, String id, String rule, String rolloutId, String campaignId,
            String reason) throws SQLException {
        update(connection, "INSERT INTO automation_actions (id, rule, alert_event_id, alert_rule, alert_subject,"
                + " metric, comparison, alert_value, action, host_ids, plan, state, reason, rollout_id, campaign_id,"
                + " created_at, updated_at) VALUES (?, ?, 1, 'tw-high', 'h-1', 'time_wait', 'ABOVE', 900,"
                + " 'APPLY_PROFILE', '{h-1}', '{}', 'ROLLED_BACK', ?, ?, ?, now(), now())", id, rule, reason,
                rolloutId, campaignId);
    }

    private static void audit(Connection connection, String actor, String action, String target, String outcome)
            throws SQLException {
        update(connection, "INSERT INTO audit_events (actor, action, target, detail, outcome)"
                + " VALUES (?, ?, ?, '{}', ?)", actor, action, target, outcome);
    }

    private static void update(Connection connection, String sql, String... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }

    /** Each row's columns joined by spaces, "null" for a null. */
    private static List<String> rows(Connection connection, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(sql); ResultSet result = select.executeQuery()) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> values = new ArrayList<>();
                for (int c = 1; c <= columns; c++) {
                    values.add(String.valueOf(result.getString(c)));
                }
                rows.add(String.join(" ", values));
            }
        }
        return rows;
    }
}
