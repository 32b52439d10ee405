package dev.tcpfleet.controlplane.history;

import static dev.tcpfleet.controlplane.sql.Migrations.migrate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.tcpfleet.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * V24 against the real PostgreSQL: snapshots stored before agents redacted command lines keep each process's
 * executable and nothing else of it, in every partition, and bodies without arguments are left as they were.
 */
class CommandLineScrubMigrationTest {
    private static final Instant TODAY = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    // no day partition is made that far ahead: the row lands in the default partition
    private static final Instant FAR_AHEAD = TODAY.plus(400, ChronoUnit.DAYS);

    private static final String LEAKY = """
            {"schemaVersion": 1, "tcpStates": {"LISTEN": 2}, "processes": [
              {"pid": 10, "name": "java", "runtime": "JAVA", "total": 2, "states": {"LISTEN": 2},
               "commandLine": "/usr/bin/java -Dtcpfleet.commands.signing-key=MC4CAQAwBQYDK2VwBCIEIKzw -jar app.jar"},
              {"pid": 11, "name": "worker", "runtime": "OTHER", "total": 1, "states": {"ESTABLISHED": 1},
               "commandLine": "./worker --password=hunter2"},
              {"pid": 12, "name": "postgres", "runtime": "OTHER", "total": 1, "states": {"ESTABLISHED": 1},
               "commandLine": "postgres"},
              {"pid": 13, "name": "?", "runtime": "OTHER", "total": 1, "states": {"LISTEN": 1}, "commandLine": ""}]}
            """;
    private static final String SCRUBBED_PROCESSES = """
            [{"pid": 10, "name": "java", "runtime": "JAVA", "total": 2, "states": {"LISTEN": 2},
              "commandLine": "/usr/bin/java"},
             {"pid": 11, "name": "worker", "runtime": "OTHER", "total": 1, "states": {"ESTABLISHED": 1},
              "commandLine": "./worker"},
             {"pid": 12, "name": "postgres", "runtime": "OTHER", "total": 1, "states": {"ESTABLISHED": 1},
              "commandLine": "postgres"},
             {"pid": 13, "name": "?", "runtime": "OTHER", "total": 1, "states": {"LISTEN": 1}, "commandLine": ""}]
            """;
    private static final String CLEAN = """
            {"schemaVersion": 1, "tcpStates": {"LISTEN": 1}, "processes": [
              {"pid": 20, "name": "nginx", "runtime": "OTHER", "total": 1, "states": {"LISTEN": 1},
               "commandLine": "nginx"}]}
            """;
    private static final String NO_PROCESSES = """
            {"schemaVersion": 1, "tcpStates": {"LISTEN": 1}}
            """;

    @Test
    void storedCommandLinesKeepOnlyTheirExecutableInEveryPartition() throws SQLException {
        try (TestDatabase database = TestDatabase.create()) {
            migrate(database, "23");
            Map<String, Long> versionsBefore;
            try (Connection connection = database.connect()) {
                insertHost(connection, "h-1");
                insert(connection, "h-1", TODAY, LEAKY);
                insert(connection, "h-1", FAR_AHEAD, LEAKY);
                insert(connection, "h-1", TODAY.minusSeconds(10), CLEAN);
                insert(connection, "h-1", TODAY.minusSeconds(20), NO_PROCESSES);
                assertEquals("snapshots_default", text(connection,
                        "SELECT tableoid::regclass::text FROM snapshots WHERE collected_at = ?", FAR_AHEAD));
                versionsBefore = rowVersions(connection);
            }

            migrate(database, null);

            try (Connection connection = database.connect()) {
                for (Instant scrubbed : new Instant[] {TODAY, FAR_AHEAD}) {
                    assertEquals("true", text(connection, "SELECT (body -> 'processes' = CAST(? AS jsonb)"
                            + " AND body - 'processes' = CAST(? AS jsonb) - 'processes')::text"
                            + " FROM snapshots WHERE collected_at = ?", SCRUBBED_PROCESSES, LEAKY, scrubbed));
                }
                assertEquals("0", text(connection, "SELECT count(*)::text FROM snapshots"
                        + " WHERE body::text LIKE '%hunter2%' OR body::text LIKE '%MC4CAQAw%'"));
                Map<String, Long> versionsAfter = rowVersions(connection);
                // rows with nothing to scrub are not written again
                assertEquals(versionsBefore.get(TODAY.minusSeconds(10).toString()),
                        versionsAfter.get(TODAY.minusSeconds(10).toString()));
                assertEquals(versionsBefore.get(TODAY.minusSeconds(20).toString()),
                        versionsAfter.get(TODAY.minusSeconds(20).toString()));
                assertNotEquals(versionsBefore.get(TODAY.toString()), versionsAfter.get(TODAY.toString()));
            }
        }
    }


    private static void insertHost(Connection connection, String host) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO hosts (id, hostname, agent_version,"
                + " first_seen, last_seen) VALUES (?, ?, '0.1.0', now(), now())")) {
            insert.setString(1, host);
            insert.setString(2, host + ".example");
            insert.executeUpdate();
        }
    }

    private static void insert(Connection connection, String host, Instant collectedAt, String body)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO snapshots (host_id, collected_at,"
                + " schema_version, body) VALUES (?, ?, 1, CAST(? AS jsonb))")) {
            insert.setString(1, host);
            insert.setTimestamp(2, Timestamp.from(collectedAt));
            insert.setString(3, body);
            insert.executeUpdate();
        }
    }

    /** Each row's xmin by its collection time: a row rewritten gets a new one. */
    private static Map<String, Long> rowVersions(Connection connection) throws SQLException {
        Map<String, Long> versions = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT collected_at, xmin::text::bigint FROM snapshots");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                versions.put(rows.getTimestamp(1).toInstant().toString(), rows.getLong(2));
            }
        }
        return versions;
    }

    private static String text(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                Object parameter = parameters[i];
                if (parameter instanceof Instant instant) {
                    select.setTimestamp(i + 1, Timestamp.from(instant));
                } else {
                    select.setString(i + 1, (String) parameter);
                }
            }
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }
}
