package dev.tcpfleet.controlplane.auth;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every REST method's gate: the bearer token must be in force and its role at least the method's {@link Allowed}.
 * Health and metrics are not REST methods and never pass here, so probes need no token.
 */
public class AccessFilter {
    private final Authenticator authenticator;
    private final CurrentCaller current;

    AccessFilter(Authenticator authenticator, CurrentCaller current) {
        this.authenticator = authenticator;
        this.current = current;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public void check(ContainerRequestContext request, ResourceInfo resource) {
        var caller = authenticator.authenticate(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        caller.ifPresent(current::set);
        AccessPolicy.refusal(caller, resource.getResourceMethod().getAnnotation(Allowed.class)).ifPresent(refusal -> {
            throw refusal;
        });
    }
}
