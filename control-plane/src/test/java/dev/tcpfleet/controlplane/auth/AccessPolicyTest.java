package dev.tcpfleet.controlplane.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tcpfleet.controlplane.api.ApiException;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AccessPolicyTest {

    static Stream<Arguments> decisions() {
        return Stream.of(
                // caller's role (null: no valid token), role the method needs (null: none declared), status
                Arguments.of(null, Role.VIEWER, 401),
                Arguments.of(null, null, 401),
                Arguments.of(Role.ADMIN, null, 403),
                Arguments.of(Role.VIEWER, Role.VIEWER, 200),
                Arguments.of(Role.VIEWER, Role.OPERATOR, 403),
                Arguments.of(Role.VIEWER, Role.ADMIN, 403),
                Arguments.of(Role.OPERATOR, Role.VIEWER, 200),
                Arguments.of(Role.OPERATOR, Role.OPERATOR, 200),
                Arguments.of(Role.OPERATOR, Role.ADMIN, 403),
                Arguments.of(Role.ADMIN, Role.VIEWER, 200),
                Arguments.of(Role.ADMIN, Role.OPERATOR, 200),
                Arguments.of(Role.ADMIN, Role.ADMIN, 200));
    }

    @ParameterizedTest(name = "{0} calling a method for {1}: {2}")
    @MethodSource("decisions")
    void aCallerMayCallWhatItsRoleIncludesAndNothingUndeclared(Role has, Role needs, int status) {
        Optional<Caller> caller = Optional.ofNullable(has).map(role -> new Caller("t", role));
        Allowed allowed = needs == null ? null : allowing(needs);
        assertEquals(status, AccessPolicy.refusal(caller, allowed).map(e -> e.status().getStatusCode()).orElse(200));
    }

    @Test
    void aRefusalNamesTheRoleNeededAndTheTokensOwn() {
        ApiException refusal = AccessPolicy.refusal(Optional.of(new Caller("ci-bot", Role.VIEWER)),
                allowing(Role.ADMIN)).orElseThrow();
        assertEquals("forbidden", refusal.body().error());
        assertEquals("role admin or above is needed; token 'ci-bot' is viewer", refusal.body().detail());
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
