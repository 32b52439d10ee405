package dev.tcpfleet.controlplane.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcpfleet.controlplane.errors.Refused;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AccessPolicyTest {

    static Stream<Arguments> decisions() {
        return Stream.of(
                // caller's role (null: no valid token), role the method needs (null: none declared), the refusal
                Arguments.of(null, Role.VIEWER, "unauthorized"),
                Arguments.of(null, null, "unauthorized"),
                Arguments.of(Role.ADMIN, null, "forbidden"),
                Arguments.of(Role.VIEWER, Role.VIEWER, "allowed"),
                Arguments.of(Role.VIEWER, Role.OPERATOR, "forbidden"),
                Arguments.of(Role.VIEWER, Role.ADMIN, "forbidden"),
                Arguments.of(Role.OPERATOR, Role.VIEWER, "allowed"),
                Arguments.of(Role.OPERATOR, Role.OPERATOR, "allowed"),
                Arguments.of(Role.OPERATOR, Role.ADMIN, "forbidden"),
                Arguments.of(Role.ADMIN, Role.VIEWER, "allowed"),
                Arguments.of(Role.ADMIN, Role.OPERATOR, "allowed"),
                Arguments.of(Role.ADMIN, Role.ADMIN, "allowed"));
    }

    @ParameterizedTest(name = "{0} calling a method for {1}: {2}")
    @MethodSource("decisions")
    void aCallerMayCallWhatItsRoleIncludesAndNothingUndeclared(Role has, Role needs, String outcome) {
        Optional<Caller> caller = Optional.ofNullable(has).map(role -> new Caller("t", role));
        Allowed allowed = needs == null ? null : allowing(needs);
        assertEquals(outcome, AccessPolicy.refusal(caller, allowed).map(Refused::error).orElse("allowed"));
    }

    @Test
    void aRefusalNamesTheRoleNeededAndTheTokensOwn() {
        Refused refusal = AccessPolicy.refusal(Optional.of(new Caller("ci-bot", Role.VIEWER)),
                allowing(Role.ADMIN)).orElseThrow();
        assertEquals("forbidden", refusal.error());
        assertEquals("role admin or above is needed; token 'ci-bot' is viewer", refusal.getMessage());
    }

    private static Allowed allowing(Role role) {
        return new Allowed() {
            @Override
            public Role value() {
                return role;
            }

            @Override
            public Class<Allowed> annotationType() {
                return Allowed.class;
            }
        };
    }
}
