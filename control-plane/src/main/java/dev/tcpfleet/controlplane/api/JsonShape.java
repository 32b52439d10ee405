package dev.tcpfleet.controlplane.api;

import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.tcpfleet.controlplane.errors.Refused;
import java.util.Collection;
import java.util.stream.Collectors;

/** A request body that parsed as JSON but not as what the endpoint takes, refused in the caller's terms. */
public final class JsonShape {
    private JsonShape() {
    }

    /**
     * Well-formed JSON of the wrong shape, such as an object where a string belongs or a field that does not exist;
     * the field is named by its path ({@code backends.2}) and the type it takes in JSON's words, never Java's.
     */
    public static Refused.Invalid refusal(JsonMappingException e) {
        String field = e.getPath().stream().map(JsonShape::pathPart).collect(Collectors.joining("."));
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
        return Refused.invalid(field.isEmpty() ? null : field, detail);
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
}
