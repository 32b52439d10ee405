package dev.tcpfleet.controlplane.commands;

import dev.tcpfleet.controlplane.ControlPlaneConfig;
import dev.tcpfleet.controlplane.api.QueryParams;
import dev.tcpfleet.controlplane.auth.Allowed;
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

@Path("/api/commands")
@Produces(MediaType.APPLICATION_JSON)
public class CommandResource {
    private final CommandService commands;
    private final ControlPlaneConfig.Commands config;

    CommandResource(CommandService commands, ControlPlaneConfig config) {
        this.commands = commands;
        this.config = config.commands();
    }

    /** 202: the commands are on their way; each host's outcome appears under GET as its agent answers. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.OPERATOR)
    public Response issue(CommandRequest request, @Context UriInfo uri) {
        CommandView command = commands.issue(request);
        return Response.accepted(command).location(uri.getAbsolutePathBuilder().path(command.id()).build()).build();
    }

    @GET
    @Path("/{id}")
    @Allowed(Role.VIEWER)
    public CommandView get(@PathParam("id") String id) {
        return commands.get(id);
    }

    /** The newest commands first. */
    @GET
    @Allowed(Role.VIEWER)
    public List<CommandView> newest(@QueryParam("limit") String limit) {
        return commands.newest(QueryParams.intInRange("limit", limit, config.defaultLimit(), 1, config.maxLimit()));
    }
}
