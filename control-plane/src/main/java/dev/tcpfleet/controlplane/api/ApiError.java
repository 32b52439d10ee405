package dev.tcpfleet.controlplane.api;

import dev.tcpfleet.controlplane.errors.FieldError;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The one error body of the API: what went wrong, in words, and which field when one is to blame. When several
 * fields are wrong at once, {@code violations} lists each, so a client can mark them all; {@code field} and
 * {@code detail} still describe the first and all of them, for clients that read only those.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String detail, String field, List<FieldError> violations) {

    public ApiError(String error, String detail, String field) {
        this(error, detail, field, null);
    }
}
