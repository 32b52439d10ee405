package dev.tcpfleet.controlplane.auth;

import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/** The caller of the request being served, once the access filter has found it. */
@RequestScoped
public class CurrentCaller {
    /** How the audit trail names a caller without a valid token. */
    public static final String ANONYMOUS = "anonymous";

    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    public Optional<Caller> get() {
        return Optional.ofNullable(caller);
    }

    /** The caller as the changes it makes name it: {@code user:<token name>}. */
    public Actor asActor() {
        return Actor.user(actor());
    }

    /** The caller's name as the audit trail shows it. */
    public String actor() {
        return caller == null ? ANONYMOUS : caller.name();
    }
}
