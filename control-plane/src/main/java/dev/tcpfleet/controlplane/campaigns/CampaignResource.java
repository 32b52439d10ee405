package dev.tcpfleet.controlplane.campaigns;

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
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/campaigns")
@Produces(MediaType.APPLICATION_JSON)
public class CampaignResource {
    private final CampaignService campaigns;
    private final ControlPlaneConfig.Campaigns config;
    private final CurrentCaller caller;

    CampaignResource(CampaignService campaigns, ControlPlaneConfig config, CurrentCaller caller) {
        this.campaigns = campaigns;
        this.caller = caller;
        this.config = config.campaigns();
    }

    /** 202: the tests are on their way; each host's result appears under GET as it answers. */
    @Operation(summary = "Start a stress-test campaign on the selected hosts")
    @APIResponse(responseCode = "202", description = "the campaign, on its way",
            content = @Content(schema = @Schema(implementation = CampaignView.class)))
    @APIResponse(responseCode = "403", description = "the token's role is below operator, or a target is outside the allowed networks or ports")
    @APIResponse(responseCode = "409", description = "too many campaigns run, or the fleet connection budget is spent")
    @APIResponse(responseCode = "503", description = "commands are disabled (no signing key) or the broker did not take them")
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.OPERATOR)
    public Response start(CampaignRequest request, @Context UriInfo uri) {
        CampaignView campaign = campaigns.start(request, caller.asActor());
        return Response.accepted(campaign).location(uri.getAbsolutePathBuilder().path(campaign.id()).build()).build();
    }

    @Operation(summary = "One campaign with each host's result and the merged latencies")
    @GET
    @Path("/{id}")
    @Allowed(Role.VIEWER)
    public CampaignView get(@PathParam("id") String id) {
        return campaigns.get(id);
    }

    /** The newest campaigns first. */
    @Operation(summary = "Campaigns, newest first")
    @GET
    @Allowed(Role.VIEWER)
    public List<CampaignView> newest(@QueryParam("limit") String limit) {
        return campaigns.newest(QueryParams.intInRange("limit", limit, config.defaultLimit(), 1, config.maxLimit()));
    }

    @Operation(summary = "Stop a campaign")
    @POST
    @Path("/{id}/stop")
    @Allowed(Role.OPERATOR)
    public CampaignView stop(@PathParam("id") String id) {
        return campaigns.stop(id);
    }

    /** The kill switch: every running campaign stops at once. */
    @Operation(summary = "Stop every running campaign (the kill switch)")
    @POST
    @Path("/stop-all")
    @Allowed(Role.OPERATOR)
    public Map<String, List<String>> stopAll() {
        return Map.of("stopped", campaigns.stopAll());
    }
}
