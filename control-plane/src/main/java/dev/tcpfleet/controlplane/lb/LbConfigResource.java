package dev.tcpfleet.controlplane.lb;

import dev.tcpfleet.controlplane.errors.Refused;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpfleet.controlplane.auth.Allowed;
import dev.tcpfleet.controlplane.auth.Role;
import dev.tcpfleet.domain.lb.HaproxyRenderer;
import dev.tcpfleet.domain.lb.NginxRenderer;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Renders load-balancer configs; nothing is stored or sent anywhere. */
@Path("/api/lb")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class LbConfigResource {
    private final LbConfigService service;

    LbConfigResource(LbConfigService service) {
        this.service = service;
    }

    // The body is read as a tree and then strictly, by the service, as an LbConfigRequest.

    /** A whole {@code haproxy.cfg}. */
    @Operation(summary = "Render an haproxy.cfg for a backend pool")
    @POST
    @Path("/haproxy")
    @Allowed(Role.VIEWER)
    public LbConfigView haproxy(JsonNode request) {
        return service.render(request, HaproxyRenderer::render);
    }

    /**
     * {@code layout=include} (the default): the blocks for a file included inside {@code http {}}, such as
     * {@code /etc/nginx/conf.d/}; {@code layout=standalone}: a whole {@code nginx.conf}.
     */
    @Operation(summary = "Render nginx upstream and server blocks for a backend pool")
    @POST
    @Path("/nginx")
    @Allowed(Role.VIEWER)
    public LbConfigView nginx(JsonNode request, @QueryParam("layout") String layout) {
        if (layout == null || layout.equals("include")) {
            return service.render(request, NginxRenderer::httpContext);
        }
        if (layout.equals("standalone")) {
            return service.render(request, NginxRenderer::standalone);
        }
        throw Refused.invalid("layout", "layout is \"include\" (the default) or \"standalone\"");
    }
}
