package dev.tcpfleet.controlplane.hosts;

import dev.tcpfleet.controlplane.api.ApiException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

@Path("/api/hosts")
@Produces(MediaType.APPLICATION_JSON)
public class HostResource {
    private final HostRegistry registry;

    HostResource(HostRegistry registry) {
        this.registry = registry;
    }

    @GET
    public List<HostView> list() {
        return registry.all().stream().map(HostView::of).toList();
    }

    @GET
    @Path("/{id}")
    public HostView get(@PathParam("id") String id) {
        return registry.find(id).map(HostView::of).orElseThrow(() -> ApiException.notFound("host", id));
    }
}
