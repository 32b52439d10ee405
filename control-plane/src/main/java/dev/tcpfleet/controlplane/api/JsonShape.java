package dev.tcpfleet.controlplane.api;

import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.tcpfleet.controlplane.errors.Refused;
import dev.tcpfleet.domain.text.Suggestions;
import java.util.Collection;
import java.util.List;

/** A request body that parsed as JSON but not as what the endpoint takes, refused in the caller's terms. */
public final class JsonShape {
    private JsonShape() {
    }

    /**
     * Well-formed JSON of the wrong shape, such as an object where a string belongs or a field that does not exist;
     * the field is named by its path ({@code backends[2]}) and the type it takes in JSON's words, never Java's.
     */
    public static Refused.Invalid refusal(JsonMappingException e) {
        String field = path(e.getPath());
        String detail;
        if (e instanceof UnrecognizedPropertyException unknown) {
            detail = unknownField(unknown);
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

    /**
     * A field no request of this type has, most often a misspelt one: the client's intent was not understood, so the
     * request is refused rather than carried out with that field's default.
     */
    private static String unknownField(UnrecognizedPropertyException unknown) {
        List<String> known = unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
        String guess = Suggestions.didYouMean(unknown.getPropertyName(), known);
        return "unknown field '" + unknown.getPropertyName() + "'" + (guess.isEmpty() ? "." : guess)
                + " Known fields: " + String.join(", ", known);
    }

    /** {@code metricChecks[0].metric}, {@code settings.net.core.somaxconn}: as the API's own refusals name fields. */
    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() == null) {
                path.append('[').append(reference.getIndex()).append(']');
            } else {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            }
        }
        return path.toString();
    }
}
