package dev.tcpfleet.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A PostgreSQL database of its own for one test run, created on the real server and dropped on close,
 * so two runs never see each other's rows.
 *
 * <p>The server is the machine's own by default; {@code TCPFLEET_TEST_PG_URL} (a JDBC URL of a
 * database to connect to while creating), {@code TCPFLEET_TEST_PG_USER} and
 * {@code TCPFLEET_TEST_PG_PASSWORD} point elsewhere.
 */
public final class TestDatabase implements AutoCloseable {
    private final String adminUrl;
    private final String user;
    private final String password;
    private final String name;

    private TestDatabase(String adminUrl, String user, String password, String name) {
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
        this.name = name;
    }

    public static TestDatabase create() {
        return createOn(env("TCPFLEET_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres"),
                env("TCPFLEET_TEST_PG_USER", "postgres"), env("TCPFLEET_TEST_PG_PASSWORD", ""));
    }

    /** A database of its own on the server of {@code adminUrl} (a database to connect to while creating). */
    public static TestDatabase createOn(String adminUrl, String user, String password) {
        TestDatabase db = new TestDatabase(adminUrl, user, password,
                "tcpfleet_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT));
        db.execute("CREATE DATABASE " + db.name);
        return db;
    }

    public String jdbcUrl() {
        int slash = adminUrl.lastIndexOf('/');
        int query = adminUrl.indexOf('?', slash);
        return adminUrl.substring(0, slash + 1) + name + (query < 0 ? "" : adminUrl.substring(query));
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user, password);
    }

    @Override
    public void close() {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + adminUrl + ": " + e.getMessage()
                    + " (is PostgreSQL running? `pg_ctlcluster --skip-systemctl-redirect 15 main start`)", e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
