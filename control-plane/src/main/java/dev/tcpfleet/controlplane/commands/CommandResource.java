package dev.tcpfleet.controlplane.commands;

import dev.tcpfleet.controlplane.ControlPlaneConfig;
import dev.tcpfleet.controlplane.api.QueryParams;
import dev.tcpfleet.controlplane.auth.Allowed;
import dev.tcpfleet.controlplane.auth.CurrentCaller;
import dev.tcpfleet.controlplane.auth.Role;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/commands")
@Produces(MediaType.APPLICATION_JSON)
public class CommandResource {
    private final CommandService commands;
    private final ControlPlaneConfig.Commands config;
    private final CurrentCaller caller;

    CommandResource(CommandService commands, ControlPlaneConfig config, CurrentCaller caller) {
        this.commands = commands;
        this.caller = caller;
        this.config = config.commands();
    }

    /** 202: the commands are on their way; each host's outcome appears under GET as its agent answers. */
    @Operation(summary = "Send a signed apply, dry run, rollback or confirm to hosts")
    @APIResponse(responseCode = "202", description = "the command, on its way",
            content = @Content(schema = @Schema(implementation = CommandView.class)))
    @APIResponse(responseCode = "409", description = "the profile no longer passes validation")
    @APIResponse(responseCode = "503", description = "commands are disabled (no signing key) or the broker did not take them")
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.OPERATOR)
    public Response issue(CommandRequest request, @Context UriInfo uri) {
        CommandView command = commands.issue(request, caller.asActor());
        return Response.accepted(command).location(uri.getAbsolutePathBuilder().path(command.id()).build()).build();
    }

    @Operation(summary = "One command with each host's outcome")
    @GET
    @Path("/{id}")
    @Allowed(Role.VIEWER)
    public CommandView get(@PathParam("id") String id) {
        return commands.get(id);
    }

    /** The newest commands first. */
    @Operation(summary = "Commands, newest first")
    @GET
    @Allowed(Role.VIEWER)
    public List<CommandView> newest(@QueryParam("limit") String limit) {
        return commands.newest(QueryParams.intInRange("limit", limit, config.defaultLimit(), 1, config.maxLimit()));
    }
}
