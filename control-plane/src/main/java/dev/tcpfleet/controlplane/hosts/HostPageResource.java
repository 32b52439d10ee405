package dev.tcpfleet.controlplane.hosts;

import dev.tcpfleet.controlplane.auth.Allowed;
import dev.tcpfleet.controlplane.auth.Role;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The host table of a large fleet, searched, sorted and paged by the database. A path of its own, not
 * {@code /api/hosts/page}: "page" is a valid host id, whose {@code GET /api/hosts/{id}} that would hide; and
 * {@code GET /api/hosts} keeps its shape, a plain list, for the clients that read it.
 */
@Path("/api/hosts-page")
@Produces(MediaType.APPLICATION_JSON)
public class HostPageResource {
    private final HostRegistry registry;

    HostPageResource(HostRegistry registry) {
        this.registry = registry;
    }

    @Operation(summary = "A page of hosts: searched, filtered, sorted by a column or worst first by a figure")
    @GET
    @Allowed(Role.VIEWER)
    public HostPageView page(@QueryParam("q") String q, @QueryParam("selector") String selector,
            @QueryParam("stale") String stale, @QueryParam("sort") String sort, @QueryParam("order") String order,
            @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        HostQuery query = HostQuery.of(q, selector, stale, sort, order, limit, offset);
        return HostPageView.of(query, registry.page(query), registry::isStale);
    }
}
