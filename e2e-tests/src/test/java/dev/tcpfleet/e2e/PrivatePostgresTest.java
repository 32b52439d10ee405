package dev.tcpfleet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tcpfleet.testing.PrivatePostgres;
import dev.tcpfleet.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The database the outage test stops: rows outlive a stop and start, and nothing answers once it is closed. */
class PrivatePostgresTest {

    @Test
    void keepsItsRowsAcrossAStopAndStart() throws SQLException {
        TestDatabase database;
        try (PrivatePostgres server = PrivatePostgres.start()) {
            database = server.createDatabase();
            execute(database, "CREATE TABLE kept (n int); INSERT INTO kept VALUES (7)");

            server.stop();
            assertThrows(SQLException.class, () -> execute(database, "SELECT 1"));
            server.startAgain();

            try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT n FROM kept")) {
                rs.next();
                assertEquals(7, rs.getInt(1));
            }
        }
        assertThrows(SQLException.class, () -> execute(database, "SELECT 1"), "the server still answers after close");
    }

    private static void execute(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
