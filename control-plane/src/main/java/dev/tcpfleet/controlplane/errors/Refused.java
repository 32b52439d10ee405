package dev.tcpfleet.controlplane.errors;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Why a service will not do what it was asked, in words a caller can act on. Services throw it wherever they run (a
 * request, a scheduler, a consumer); only the API's mapper chooses an HTTP status for each kind.
 */
public abstract sealed class Refused extends RuntimeException
        permits Refused.Invalid, Refused.NotFound, Refused.Conflict, Refused.Forbidden, Refused.Unauthenticated,
        Refused.Unavailable {
    private final String error;
    private final String field;

    private Refused(String error, String field, String detail) {
        super(detail);
        this.error = error;
        this.field = field;
    }

    /** A word a client can switch on, such as {@code invalid_request} or {@code fleet_busy}. */
    public String error() {
        return error;
    }

    /** The request field at fault, or null when no one field is. */
    public String field() {
        return field;
    }

    public static Invalid invalid(String field, String detail) {
        return new Invalid(field, detail);
    }

    /** Every field at fault: the first names {@code field}; the detail is its reason, or all of them. */
    public static Invalid invalid(List<FieldError> violations) {
        return new Invalid(violations);
    }

    public static NotFound notFound(String what, String id) {
        return new NotFound(what + " '" + id + "' does not exist");
    }

    /** Well formed, but clashes with what exists, such as a name that is taken. */
    public static Conflict conflict(String field, String detail) {
        return new Conflict("conflict", field, detail);
    }

    public static Conflict conflict(String error, String field, String detail) {
        return new Conflict(error, field, detail);
    }

    /** The caller is known, but may not do this. */
    public static Forbidden forbidden(String detail) {
        return new Forbidden("forbidden", null, detail);
    }

    public static Forbidden forbidden(String error, String field, String detail) {
        return new Forbidden(error, field, detail);
    }

    /** No valid credentials came with the request. */
    public static Unauthenticated unauthenticated(String detail) {
        return new Unauthenticated(detail);
    }

    /** The feature is switched off or cannot be reached; {@code detail} says how to bring it back. */
    public static Unavailable unavailable(String error, String detail) {
        return new Unavailable(error, detail);
    }

    /** The request is wrong; open to subclassing by a model's own refusal, such as a rollout's. */
    public static non-sealed class Invalid extends Refused {
        private final List<FieldError> violations;

        public Invalid(String field, String detail) {
            super("invalid_request", field, detail);
            this.violations = null;
        }

        private Invalid(List<FieldError> violations) {
            super("invalid_request", first(violations).field(), violations.size() == 1 ? violations.get(0).detail()
                    : violations.stream().map(v -> v.field() + ": " + v.detail()).collect(Collectors.joining("; ")));
            this.violations = List.copyOf(violations);
        }

        private static FieldError first(List<FieldError> violations) {
            if (violations.isEmpty()) {
                throw new IllegalArgumentException("a refusal needs at least one violation");
            }
            return violations.get(0);
        }

        /** Each field at fault when there are several to mark, else null. */
        public List<FieldError> violations() {
            return violations;
        }
    }

    public static final class NotFound extends Refused {
        private NotFound(String detail) {
            super("not_found", null, detail);
        }
    }

    public static final class Conflict extends Refused {
        private Conflict(String error, String field, String detail) {
            super(error, field, detail);
        }
    }

    public static final class Forbidden extends Refused {
        private Forbidden(String error, String field, String detail) {
            super(error, field, detail);
        }
    }

    public static final class Unauthenticated extends Refused {
        private Unauthenticated(String detail) {
            super("unauthorized", null, detail);
        }
    }

    public static final class Unavailable extends Refused {
        private Unavailable(String error, String detail) {
            super(error, null, detail);
        }
    }
}
