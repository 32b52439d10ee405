package dev.tcpfleet.controlplane.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The REST layer's mapper binds each JSON type to its own Java types only. */
class StrictJsonTypesTest {
    record Body(String name, Integer count, int minutes, long version, Double threshold, double ratio, Boolean enabled,
            boolean dryRun) {
    }

    static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        new StrictJsonTypes().customize(MAPPER);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("a number for a string", "{\"name\": 7}"),
                Arguments.of("a boolean for a string", "{\"name\": true}"),
                Arguments.of("a numeric string for an Integer", "{\"count\": \"20\"}"),
                Arguments.of("a numeric string for an int", "{\"minutes\": \"20\"}"),
                Arguments.of("a numeric string for a long", "{\"version\": \"20\"}"),
                Arguments.of("an empty string for an int", "{\"minutes\": \"\"}"),
                Arguments.of("a fraction for an int", "{\"minutes\": 2.5}"),
                Arguments.of("a boolean for an int", "{\"minutes\": true}"),
                Arguments.of("a numeric string for a Double", "{\"threshold\": \"1.5\"}"),
                Arguments.of("a numeric string for a double", "{\"ratio\": \"0.5\"}"),
                Arguments.of("a string for a Boolean", "{\"enabled\": \"true\"}"),
                Arguments.of("a string for a boolean", "{\"dryRun\": \"false\"}"),
                Arguments.of("a number for a boolean", "{\"dryRun\": 1}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void aValueOfAnotherJsonTypeIsRefused(String what, String json) {
        assertThrows(MismatchedInputException.class, () -> MAPPER.readValue(json, Body.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void eachJsonTypeBindsToItsOwn(String what, String json, Body expected) throws Exception {
        assertEquals(expected, MAPPER.readValue(json, Body.class));
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("every field of its own type", "{\"name\": \"x\", \"count\": 3, \"minutes\": 20,"
                        + " \"version\": 7, \"threshold\": 1.5, \"ratio\": 0.5, \"enabled\": true, \"dryRun\": true}",
                        new Body("x", 3, 20, 7, 1.5, 0.5, true, true)),
                Arguments.of("a whole number where a fraction may be", "{\"threshold\": 100, \"ratio\": 1}",
                        new Body(null, null, 0, 0, 100.0, 1.0, null, false)));
    }
}
