package dev.tcpfleet.controlplane.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every failure leaves the API as an {@link ApiError}: never a stack trace, never an HTML page. */
public class ApiExceptionMappers {
    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);
    /** About the time a restarted database or a retried transaction takes. */
    private static final int RETRY_AFTER_SECONDS = 5;
    /** How deep a cause is looked for: a chain may loop. */
    private static final int MAX_CAUSES = 20;

    @ServerExceptionMapper
    public Response apiException(ApiException e) {
        Response response = json(e.status().getStatusCode(), e.body());
        if (e.status() == Response.Status.UNAUTHORIZED) {
            // RFC 9110: a 401 names the scheme that would be accepted
            return Response.fromResponse(response).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
        }
        return response;
    }

    /** JAX-RS's own refusals: unknown path (404), wrong method (405), unreadable body (400)... */
    @ServerExceptionMapper
    public Response webApplicationException(WebApplicationException e) {
        // a number too large for its field is well-formed JSON: answered like a wrong type, naming the field
        if (e.getCause() instanceof JsonMappingException shape && shape.getCause() instanceof InputCoercionException) {
            return apiException(ApiException.badShape(shape));
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(400, new ApiError("invalid_request", "the body is not valid JSON: "
                    + json.getOriginalMessage(), null));
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
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
        return apiException(ApiException.badShape(e));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        String state = transientDatabaseState(e);
        if (state != null) {
            // not the request's fault, nor a bug: the same request may well succeed in a moment
            LOG.warnf("a request met the database down or in a conflict (SQLSTATE %s): %s", state, e.getMessage());
            return Response.fromResponse(json(503, new ApiError("unavailable", "the database is unavailable or the"
                    + " request met another on the same rows; try again", null)))
                    .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).build();
        }
        LOG.error("unhandled error in a request", e);
        return json(500, new ApiError("internal_error", "the control plane failed to answer; see its log", null));
    }

    /**
     * The SQLSTATE of a database failure that says nothing of the request, if {@code e} was caused by one: the
     * connection lost or refused (class 08), a deadlock or serialization failure (40), the server out of connections
     * or shutting down (53, 57P).
     */
    static String transientDatabaseState(Throwable e) {
        Throwable cause = e;
        for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++, cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("40") || state.startsWith("53")
                        || state.startsWith("57P")) {
                    return state;
                }
            }
        }
        return null;
    }

    private static Response json(int status, ApiError body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
