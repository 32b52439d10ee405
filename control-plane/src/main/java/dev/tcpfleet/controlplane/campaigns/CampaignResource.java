package dev.tcpfleet.controlplane.campaigns;

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
import java.util.Map;

@Path("/api/campaigns")
@Produces(MediaType.APPLICATION_JSON)
public class CampaignResource {
    private final CampaignService campaigns;
    private final ControlPlaneConfig.Campaigns config;

    CampaignResource(CampaignService campaigns, ControlPlaneConfig config) {
        this.campaigns = campaigns;
        this.config = config.campaigns();
    }

    /** 202: the tests are on their way; each host's result appears under GET as it answers. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.OPERATOR)
    public Response start(CampaignRequest request, @Context UriInfo uri) {
        CampaignView campaign = campaigns.start(request);
        return Response.accepted(campaign).location(uri.getAbsolutePathBuilder().path(campaign.id()).build()).build();
    }

    @GET
    @Path("/{id}")
    @Allowed(Role.VIEWER)
    public CampaignView get(@PathParam("id") String id) {
        return campaigns.get(id);
    }

    /** The newest campaigns first. */
    @GET
    @Allowed(Role.VIEWER)
    public List<CampaignView> newest(@QueryParam("limit") String limit) {
        return campaigns.newest(QueryParams.intInRange("limit", limit, config.defaultLimit(), 1, config.maxLimit()));
    }

    @POST
    @Path("/{id}/stop")
    @Allowed(Role.OPERATOR)
    public CampaignView stop(@PathParam("id") String id) {
        return campaigns.stop(id);
    }

    /** The kill switch: every running campaign stops at once. */
    @POST
    @Path("/stop-all")
    @Allowed(Role.OPERATOR)
    public Map<String, List<String>> stopAll() {
        return Map.of("stopped", campaigns.stopAll());
    }
}
