package dev.tcpfleet.controlplane.auth;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/tokens")
@Produces(MediaType.APPLICATION_JSON)
public class TokenResource {
    private final TokenService tokens;
    private final CurrentCaller caller;

    TokenResource(TokenService tokens, CurrentCaller caller) {
        this.tokens = tokens;
        this.caller = caller;
    }

    /** 201 with the secret, shown this once. */
    @Operation(summary = "Make an API token; its secret is shown in this answer only")
    @APIResponse(responseCode = "201", description = "the token, with its secret",
            content = @Content(schema = @Schema(implementation = IssuedToken.class)))
    @APIResponse(responseCode = "409", description = "a token of that name exists")
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.ADMIN)
    public Response issue(TokenRequest request) {
        IssuedToken issued = tokens.issue(request, caller.get().orElseThrow());
        return Response.status(Response.Status.CREATED).entity(issued).build();
    }

    @Operation(summary = "List API tokens (never their secrets)")
    @GET
    @Allowed(Role.ADMIN)
    public List<TokenView> list() {
        return tokens.all();
    }

    @Operation(summary = "Revoke an API token")
    @APIResponse(responseCode = "204", description = "revoked")
    @DELETE
    @Path("/{name}")
    @Allowed(Role.ADMIN)
    public Response revoke(@PathParam("name") String name) {
        tokens.revoke(name);
        return Response.noContent().build();
    }
}
