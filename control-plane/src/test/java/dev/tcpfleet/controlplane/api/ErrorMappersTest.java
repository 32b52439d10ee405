package dev.tcpfleet.controlplane.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.PersistenceException;
import jakarta.transaction.RollbackException;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Which failures a request may simply try again: the database's, not its own, and not a commit's. */
class ErrorMappersTest {
    private static Throwable wrapped(String state) {
        return new PersistenceException("wrapped",
                new IllegalStateException("inner", new SQLException("from the driver", state)));
    }

    @Test
    void aReadThatMeetsTheDatabaseDownOrADeadlockIsA503ToTryAgain() {
        for (String state : new String[] {"40P01", "40001", "08001", "08006", "57P01", "57P03", "53300"}) {
            Response response = ErrorMappers.unexpected(wrapped(state), "GET");
            assertEquals(503, response.getStatus(), state);
            assertEquals("5", response.getHeaderString("Retry-After"), state);
            assertEquals("unavailable", ((ApiError) response.getEntity()).error(), state);
        }
    }

    /** A change may have been carried out in part (a command sent, its view not read back): no invitation to retry. */
    @Test
    void aChangeThatMeetsTheDatabaseDownIsA503ThatSaysToLookFirst() {
        Response response = ErrorMappers.unexpected(wrapped("08001"), "POST");
        assertEquals(503, response.getStatus());
        assertNull(response.getHeaderString("Retry-After"));
        assertTrue(((ApiError) response.getEntity()).detail().contains("look before sending it again"));
    }

    @Test
    void anyOtherFailureOrACommitOfUnknownOutcomeIsA500() {
        assertEquals(500, ErrorMappers.unexpected(wrapped("23505"), "GET").getStatus());
        assertEquals(500, ErrorMappers.unexpected(wrapped("40002"), "GET").getStatus());
        assertEquals(500, ErrorMappers.unexpected(new SQLException("no state"), "GET").getStatus());
        assertEquals(500, ErrorMappers.unexpected(new IllegalStateException("a bug"), "GET").getStatus());
        RollbackException commit = new RollbackException("commit failed");
        commit.initCause(new SQLException("connection lost at commit", "08006"));
        assertEquals(500, ErrorMappers.unexpected(new IllegalStateException("wrapped", commit), "POST")
                .getStatus());
    }
}
