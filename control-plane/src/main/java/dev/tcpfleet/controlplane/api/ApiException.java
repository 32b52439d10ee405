package dev.tcpfleet.controlplane.api;

import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.core.Response;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/** A request the API refuses, with the status and the words the caller sees. */
public class ApiException extends RuntimeException {
    private final Response.Status status;
    private final String error;
    private final String field;
    private final List<ApiError.FieldError> violations;

    public ApiException(Response.Status status, String error, String detail, String field) {
        this(status, error, detail, field, null);
    }

    private ApiException(Response.Status status, String error, String detail, String field,
            List<ApiError.FieldError> violations) {
        super(detail);
        this.status = status;
        this.error = error;
        this.field = field;
        this.violations = violations;
    }

    public static ApiException badRequest(String field, String detail) {
        return new ApiException(Response.Status.BAD_REQUEST, "invalid_request", detail, field);
    }

    /**
     * A 400 for every field at fault: the first names {@code field}; the detail is its reason alone, or every
     * field's reason when there are several.
     */
    public static ApiException badRequest(List<ApiError.FieldError> violations) {
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("a refusal needs at least one violation");
        }
        String detail = violations.size() == 1 ? violations.get(0).detail()
                : violations.stream().map(v -> v.field() + ": " + v.detail()).collect(Collectors.joining("; "));
        return new ApiException(Response.Status.BAD_REQUEST, "invalid_request", detail, violations.get(0).field(),
                List.copyOf(violations));
    }

    /**
     * Well-formed JSON of the wrong shape, such as an object where a string belongs or a field that does not exist;
     * the field is named by its path ({@code backends.2}) and the type it takes in JSON's words, never Java's.
     */
    public static ApiException badShape(JsonMappingException e) {
        String field = e.getPath().stream().map(ApiException::pathPart).collect(Collectors.joining("."));
        String detail;
        if (e instanceof UnrecognizedPropertyException unknown) {
            detail = "there is no field '" + unknown.getPropertyName() + "'; the fields are "
                    + unknown.getKnownPropertyIds();
        } else if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            detail = (field.isEmpty() ? "the body" : field) + " must be " + jsonType(mismatch.getTargetType());
        } else if (e.getCause() instanceof InputCoercionException range) {
            detail = (field.isEmpty() ? "a number" : field) + " is out of range: " + range.getOriginalMessage();
        } else {
            detail = "the body is not of the expected shape";
        }
        return badRequest(field.isEmpty() ? null : field, detail);
    }

    private static String jsonType(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        return Collection.class.isAssignableFrom(type) || type.isArray() ? "a list" : "an object";
    }

    private static String pathPart(JsonMappingException.Reference reference) {
        return reference.getFieldName() != null ? reference.getFieldName() : String.valueOf(reference.getIndex());
    }

    /** The request is well formed but clashes with what exists, such as a name that is taken. */
    public static ApiException conflict(String field, String detail) {
        return new ApiException(Response.Status.CONFLICT, "conflict", detail, field);
    }

    public static ApiException notFound(String what, String id) {
        return new ApiException(Response.Status.NOT_FOUND, "not_found", what + " '" + id + "' does not exist", null);
    }

    /** No valid token came with the request; the mapper adds the {@code WWW-Authenticate} challenge. */
    public static ApiException unauthorized(String detail) {
        return new ApiException(Response.Status.UNAUTHORIZED, "unauthorized", detail, null);
    }

    /** The caller is known but its role does not allow this. */
    public static ApiException forbidden(String detail) {
        return new ApiException(Response.Status.FORBIDDEN, "forbidden", detail, null);
    }

    /** The feature is switched off or cannot be reached; {@code detail} says how to bring it back. */
    public static ApiException unavailable(String error, String detail) {
        return new ApiException(Response.Status.SERVICE_UNAVAILABLE, error, detail, null);
    }

    public Response.Status status() {
        return status;
    }

    public ApiError body() {
        return new ApiError(error, getMessage(), field, violations);
    }
}
