package dev.tcpfleet.controlplane.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Which failures a request may simply try again: the database's, not its own. */
class ApiExceptionMappersTest {
    private final ApiExceptionMappers mappers = new ApiExceptionMappers();

    @Test
    void aDeadlockOrALostDatabaseIsA503ToRetry() {
        for (String state : new String[] {"40P01", "40001", "08001", "08006", "57P01", "53300"}) {
            Response response = mappers.unexpected(new PersistenceException("wrapped",
                    new IllegalStateException("inner", new SQLException("from the driver", state))));
            assertEquals(503, response.getStatus(), state);
            assertEquals("5", response.getHeaderString("Retry-After"), state);
            assertEquals("unavailable", ((ApiError) response.getEntity()).error(), state);
        }
    }

    @Test
    void anyOtherFailureIsA500() {
        assertEquals(500, mappers.unexpected(new PersistenceException(new SQLException("duplicate key", "23505")))
                .getStatus());
        assertEquals(500, mappers.unexpected(new SQLException("no state")).getStatus());
        assertEquals(500, mappers.unexpected(new IllegalStateException("a bug")).getStatus());
    }
}
