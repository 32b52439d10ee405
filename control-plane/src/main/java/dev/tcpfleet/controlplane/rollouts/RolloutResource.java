package dev.tcpfleet.controlplane.rollouts;

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

@Path("/api/rollouts")
@Produces(MediaType.APPLICATION_JSON)
public class RolloutResource {
    private final RolloutService rollouts;
    private final ControlPlaneConfig.Commands limits;

    RolloutResource(RolloutService rollouts, ControlPlaneConfig config) {
        this.rollouts = rollouts;
        this.limits = config.commands();
    }

    /** 201: the rollout is stored and its first wave goes out on the driver's next tick. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.OPERATOR)
    public Response create(RolloutRequest request, @Context UriInfo uri) {
        RolloutView rollout = rollouts.create(request);
        return Response.created(uri.getAbsolutePathBuilder().path(rollout.id()).build()).entity(rollout).build();
    }

    @GET
    @Path("/{id}")
    @Allowed(Role.VIEWER)
    public RolloutView get(@PathParam("id") String id) {
        return rollouts.get(id);
    }

    /** The newest rollouts first; same limits as the command list. */
    @GET
    @Allowed(Role.VIEWER)
    public List<RolloutView> newest(@QueryParam("limit") String limit) {
        return rollouts.newest(QueryParams.intInRange("limit", limit, limits.defaultLimit(), 1, limits.maxLimit()));
    }

    @POST
    @Path("/{id}/pause")
    @Allowed(Role.OPERATOR)
    public RolloutView pause(@PathParam("id") String id) {
        return rollouts.pause(id);
    }

    @POST
    @Path("/{id}/resume")
    @Allowed(Role.OPERATOR)
    public RolloutView resume(@PathParam("id") String id) {
        return rollouts.resume(id);
    }

    /** Stops the rollout; every host it changed is rolled back. */
    @POST
    @Path("/{id}/abort")
    @Allowed(Role.OPERATOR)
    public RolloutView abort(@PathParam("id") String id) {
        return rollouts.abort(id);
    }
}
