package dev.tcpfleet.controlplane.rollouts;

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

@Path("/api/rollouts")
@Produces(MediaType.APPLICATION_JSON)
public class RolloutResource {
    private final RolloutService rollouts;
    private final ControlPlaneConfig.Commands limits;
    private final CurrentCaller caller;

    RolloutResource(RolloutService rollouts, ControlPlaneConfig config, CurrentCaller caller) {
        this.rollouts = rollouts;
        this.caller = caller;
        this.limits = config.commands();
    }

    /** 201: the rollout is stored and its first wave goes out on the driver's next tick. */
    @Operation(summary = "Start a staged rollout of a profile, wave by wave behind health gates")
    @APIResponse(responseCode = "201", description = "the rollout, stored",
            content = @Content(schema = @Schema(implementation = RolloutView.class)))
    @APIResponse(responseCode = "409", description = "too many rollouts are active, a host is in one already, or the profile no longer passes validation")
    @APIResponse(responseCode = "503", description = "commands are disabled: no signing key")
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.OPERATOR)
    public Response create(RolloutRequest request, @Context UriInfo uri) {
        RolloutView rollout = rollouts.create(request, caller.asActor());
        return Response.created(uri.getAbsolutePathBuilder().path(rollout.id()).build()).entity(rollout).build();
    }

    @Operation(summary = "One rollout with its waves")
    @GET
    @Path("/{id}")
    @Allowed(Role.VIEWER)
    public RolloutView get(@PathParam("id") String id) {
        return rollouts.get(id);
    }

    /** The newest rollouts first; same limits as the command list. */
    @Operation(summary = "Rollouts, newest first")
    @GET
    @Allowed(Role.VIEWER)
    public List<RolloutView> newest(@QueryParam("limit") String limit) {
        return rollouts.newest(QueryParams.intInRange("limit", limit, limits.defaultLimit(), 1, limits.maxLimit()));
    }

    @Operation(summary = "Pause a rollout before its next wave")
    @APIResponse(responseCode = "200", description = "paused",
            content = @Content(schema = @Schema(implementation = RolloutView.class)))
    @APIResponse(responseCode = "409", description = "the rollout is not running")
    @POST
    @Path("/{id}/pause")
    @Allowed(Role.OPERATOR)
    public RolloutView pause(@PathParam("id") String id) {
        return rollouts.pause(id);
    }

    @Operation(summary = "Resume a paused rollout")
    @APIResponse(responseCode = "200", description = "running again",
            content = @Content(schema = @Schema(implementation = RolloutView.class)))
    @APIResponse(responseCode = "409", description = "the rollout is not paused")
    @POST
    @Path("/{id}/resume")
    @Allowed(Role.OPERATOR)
    public RolloutView resume(@PathParam("id") String id) {
        return rollouts.resume(id);
    }

    /** Stops the rollout; every host it changed is rolled back. */
    @Operation(summary = "Abort a rollout and roll back every host it changed")
    @APIResponse(responseCode = "200", description = "aborting: its hosts are rolled back",
            content = @Content(schema = @Schema(implementation = RolloutView.class)))
    @APIResponse(responseCode = "409", description = "the rollout has ended")
    @POST
    @Path("/{id}/abort")
    @Allowed(Role.OPERATOR)
    public RolloutView abort(@PathParam("id") String id) {
        return rollouts.abort(id, caller.asActor());
    }

    /** Undoes a rollout that ended: the hosts it changed are rolled back wave by wave, the last first. */
    @Operation(summary = "Roll back a completed or halted rollout on exactly the hosts it changed, wave by wave")
    @APIResponse(responseCode = "200", description = "rolling back: follow it as the rollout itself",
            content = @Content(schema = @Schema(implementation = RolloutView.class)))
    @APIResponse(responseCode = "409", description = "the rollout is running (rollout_running: abort it), a dry run"
            + " (dry_run), or rolled back already (already_rolled_back)")
    @POST
    @Path("/{id}/rollback")
    @Allowed(Role.OPERATOR)
    public RolloutView rollback(@PathParam("id") String id) {
        return rollouts.rollback(id, caller.asActor());
    }
}
