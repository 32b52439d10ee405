package dev.tcpfleet.controlplane.errors;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Enum values in requests: written in lower case ({@code apply_profile}), refused with the list of allowed ones. */
public final class Choices {
    private Choices() {
    }

    public static <E extends Enum<E>> E of(String field, String value, Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).filter(e -> name(e).equals(value)).findFirst()
                .orElseThrow(() -> Refused.invalid(field, field + " is one of " + Arrays.stream(
                        type.getEnumConstants()).map(Choices::name).collect(Collectors.joining(", "))));
    }

    /** How {@code value} is written in requests and responses. */
    public static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
