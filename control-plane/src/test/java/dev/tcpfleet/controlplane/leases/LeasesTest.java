package dev.tcpfleet.controlplane.leases;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.PostgresTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A lease on the real database, against another instance played by rows written straight to the leases table:
 * it is taken when free or expired, renewed by its holder, and never taken from a holder whose lease runs.
 * The housekeeping lease is used because nothing else asks for it during a test (its jobs run hourly).
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class LeasesTest {
    private static final Lease LEASE = Lease.HOUSEKEEPING;

    @Inject
    Leases leases;

    @Inject
    AgroalDataSource database;

    private final String me = ConfigProvider.getConfig().getValue("tcpfleet.leases.instance-id", String.class);

    @BeforeEach
    void free() throws SQLException {
        update("DELETE FROM leases WHERE name = ?", LEASE.key());
    }

    @Test
    void aFreeLeaseIsTakenAndRenewedByItsHolder() throws SQLException {
        assertTrue(leases.hold(LEASE));
        assertEquals(me, holder());
        Timestamp acquired = timestamp("acquired_at");
        Timestamp expires = timestamp("expires_at");

        assertTrue(leases.hold(LEASE));

        assertEquals(acquired, timestamp("acquired_at"), "a renewal is not a new acquisition");
        assertTrue(timestamp("expires_at").after(expires), "a renewal pushes the expiry on");
        given().get("/q/metrics").then().body(containsString("tcpfleet_leases_held{lease=\"housekeeping\",} 1.0"));
    }

    @Test
    void aLeaseAnotherInstanceHoldsIsNotTakenUntilItExpires() throws SQLException {
        update("INSERT INTO leases VALUES (?, 'other-instance', now(), now() + interval '1 minute')", LEASE.key());

        assertFalse(leases.hold(LEASE));
        assertEquals("other-instance", holder());
        given().get("/q/metrics").then().body(containsString("tcpfleet_leases_held{lease=\"housekeeping\",} 0.0"));

        update("UPDATE leases SET expires_at = now() - interval '1 second' WHERE name = ?", LEASE.key());
        assertTrue(leases.hold(LEASE), "the other instance stopped renewing: its work moves here");
        assertEquals(me, holder());
    }

    @Test
    void aHolderWhoseLeaseWasTakenOverStops() throws SQLException {
        assertTrue(leases.hold(LEASE));
        // this instance was paused past its expiry and another took the lease meanwhile
        update("UPDATE leases SET holder = 'other-instance', expires_at = now() + interval '1 minute' WHERE name = ?",
                LEASE.key());

        assertFalse(leases.hold(LEASE));
        assertEquals("other-instance", holder());
    }

    private String holder() throws SQLException {
        return column("holder", String.class);
    }

    private Timestamp timestamp(String column) throws SQLException {
        return column(column, Timestamp.class);
    }

    private <T> T column(String column, Class<T> type) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT " + column + " FROM leases WHERE name = ?")) {
            statement.setString(1, LEASE.key());
            try (ResultSet rs = statement.executeQuery()) {
                assertTrue(rs.next(), "no lease row");
                return rs.getObject(1, type);
            }
        }
    }

    private void update(String sql, String name) throws SQLException {
        try (Connection connection = database.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, name);
            statement.executeUpdate();
        }
    }
}
