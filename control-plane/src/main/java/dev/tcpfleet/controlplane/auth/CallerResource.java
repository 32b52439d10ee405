package dev.tcpfleet.controlplane.auth;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Who the request's token belongs to, so a client (the dashboard) can offer only what that role may do. Not under
 * {@code /api/tokens/}: a fixed name there would shadow the token of that name.
 */
@Path("/api/caller")
@Produces(MediaType.APPLICATION_JSON)
public class CallerResource {
    private final CurrentCaller caller;

    CallerResource(CurrentCaller caller) {
        this.caller = caller;
    }

    @Operation(summary = "The name and role of the token this request carries")
    @GET
    @Allowed(Role.VIEWER)
    public Caller get() {
        return caller.get().orElseThrow();
    }
}
