package dev.tcpfleet.controlplane.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.tcpfleet.controlplane.errors.FieldError;
import dev.tcpfleet.controlplane.errors.Refused;
import dev.tcpfleet.domain.alerts.InvalidAlertRuleException;
import jakarta.transaction.HeuristicMixedException;
import jakarta.transaction.HeuristicRollbackException;
import jakarta.transaction.RollbackException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import javax.transaction.xa.XAException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every failure leaves the API as an {@link ApiError}: never a stack trace, never an HTML page. */
public class ErrorMappers {
    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);
    /** About the time a restarted database or a retried transaction takes. */
    private static final int RETRY_AFTER_SECONDS = 5;
    /** How deep a cause is looked for: a chain may loop. */
    private static final int MAX_CAUSES = 20;
    /** PostgreSQL's SQLSTATEs of a database gone, full or shutting down, and of a transaction that lost a race. */
    private static final Set<String> TRANSIENT_STATES = Set.of("08000", "08001", "08003", "08006", "40001", "40P01",
            "53300", "57P01", "57P02", "57P03");

    /** The one place a service's refusal becomes an HTTP status. */
    @ServerExceptionMapper
    public Response refused(Refused e) {
        int status = status(e);
        List<FieldError> violations = e instanceof Refused.Invalid invalid ? invalid.violations() : null;
        Response response = json(status, new ApiError(e.error(), e.getMessage(), e.field(), violations));
        if (status == 401) {
            // RFC 9110: a 401 names the scheme that would be accepted
            return Response.fromResponse(response).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
        }
        return response;
    }

    private static int status(Refused e) {
        if (e instanceof Refused.Invalid) {
            return 400;
        } else if (e instanceof Refused.Unauthenticated) {
            return 401;
        } else if (e instanceof Refused.Forbidden) {
            return 403;
        } else if (e instanceof Refused.NotFound) {
            return 404;
        } else if (e instanceof Refused.Conflict) {
            return 409;
        }
        return 503;
    }

    /** The alert rule model's own refusal, naming the request field at fault. */
    @ServerExceptionMapper
    public Response invalidAlertRule(InvalidAlertRuleException e) {
        return refused(Refused.invalid(e.field(), e.getMessage()));
    }

    /** JAX-RS's own refusals: unknown path (404), wrong method (405), unreadable body (400)... */
    @ServerExceptionMapper
    public Response webApplicationException(WebApplicationException e) {
        // a number too large for its field is well-formed JSON: answered like a wrong type, naming the field
        if (e.getCause() instanceof JsonMappingException shape && shape.getCause() instanceof InputCoercionException) {
            return refused(JsonShape.refusal(shape));
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(400, new ApiError("invalid_request", "the body is not valid JSON: "
                    + json.getOriginalMessage(), null));
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return internalError(e);
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String error = known == null ? "error" : known.getReasonPhrase().toLowerCase().replace(' ', '_');
        return json(status, new ApiError(error, e.getMessage(), null));
    }

    /**
     * Well-formed JSON of the wrong shape, such as an object where a string belongs. Quarkus's own mapper for it
     * answers without our body, so this one names the field instead.
     */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return refused(JsonShape.refusal(e));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, Request request) {
        return unexpected(e, request.getMethod());
    }

    /**
     * A failure of the database that says nothing of the request (down, out of connections, a deadlock) is a 503: a
     * read may simply be sent again; a change may have been made in part before the database went (a command stored
     * and sent, its view not read back), so it is not invited to be. A commit whose outcome is unknown is a 500.
     */
    static Response unexpected(Throwable e, String method) {
        SQLException failure = transientDatabaseFailure(e);
        if (failure == null) {
            return internalError(e);
        }
        LOG.warnf("a %s request met the database down or in a conflict (SQLSTATE %s): %s", method,
                failure.getSQLState(), failure.getMessage());
        String what = "the database is unavailable or the request met another on the same rows";
        if (method.equals("GET") || method.equals("HEAD")) {
            return Response.fromResponse(json(503, new ApiError("unavailable", what + "; try again", null)))
                    .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).build();
        }
        return json(503, new ApiError("unavailable", what + "; it may have been carried out in part (a command or a"
                + " campaign sent): look before sending it again", null));
    }

    private static Response internalError(Throwable e) {
        LOG.error("unhandled error in a request", e);
        return json(500, new ApiError("internal_error", "the control plane failed to answer; see its log", null));
    }

    /**
     * The database failure that caused {@code e}, if it says nothing of the request and nothing was committed: the
     * connection lost or refused, the server out of connections or shutting down, a deadlock or serialization
     * failure. A failed commit (the transaction manager's rollback or heuristic exceptions, an XA failure) may have
     * committed all the same, and is none of these.
     */
    static SQLException transientDatabaseFailure(Throwable e) {
        SQLException failure = null;
        Throwable cause = e;
        for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++, cause = cause.getCause()) {
            if (cause instanceof RollbackException || cause instanceof HeuristicMixedException
                    || cause instanceof HeuristicRollbackException || cause instanceof XAException) {
                return null;
            }
            if (failure == null && cause instanceof SQLException sql && sql.getSQLState() != null
                    && TRANSIENT_STATES.contains(sql.getSQLState())) {
                failure = sql;
            }
        }
        return failure;
    }

    private static Response json(int status, ApiError body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
