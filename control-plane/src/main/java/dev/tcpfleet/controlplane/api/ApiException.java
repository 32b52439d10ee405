package dev.tcpfleet.controlplane.api;

import jakarta.ws.rs.core.Response;

/** A request the API refuses, with the status and the words the caller sees. */
public class ApiException extends RuntimeException {
    private final Response.Status status;
    private final String error;
    private final String field;

    public ApiException(Response.Status status, String error, String detail, String field) {
        super(detail);
        this.status = status;
        this.error = error;
        this.field = field;
    }

    public static ApiException badRequest(String field, String detail) {
        return new ApiException(Response.Status.BAD_REQUEST, "invalid_request", detail, field);
    }

    public static ApiException notFound(String what, String id) {
        return new ApiException(Response.Status.NOT_FOUND, "not_found", what + " '" + id + "' does not exist", null);
    }

    public Response.Status status() {
        return status;
    }

    public ApiError body() {
        return new ApiError(error, getMessage(), field);
    }
}
