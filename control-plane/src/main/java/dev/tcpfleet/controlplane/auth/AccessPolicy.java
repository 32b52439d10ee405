package dev.tcpfleet.controlplane.auth;

import dev.tcpfleet.controlplane.errors.Refused;
import java.util.Optional;

/** Who may call a REST method: the decision alone, apart from how the caller and the method were found. */
public final class AccessPolicy {
    private AccessPolicy() {
    }

    /**
     * The refusal for {@code caller} (empty: no valid token) calling a method that needs {@code allowed} (null: it
     * declares no role), or empty when the call may go on. Authentication comes first, so an anonymous caller
     * learns nothing about the method's role.
     */
    public static Optional<Refused> refusal(Optional<Caller> caller, Allowed allowed) {
        if (caller.isEmpty()) {
            return Optional.of(Refused.unauthenticated(
                    "send a valid API token as 'Authorization: Bearer <token>'"));
        }
        if (allowed == null) {
            return Optional.of(Refused.forbidden("this endpoint declares no role, so no token may call it"));
        }
        if (!caller.get().role().includes(allowed.value())) {
            return Optional.of(Refused.forbidden("role " + allowed.value().apiName() + " or above is needed; token '"
                    + caller.get().name() + "' is " + caller.get().role().apiName()));
        }
        return Optional.empty();
    }
}
