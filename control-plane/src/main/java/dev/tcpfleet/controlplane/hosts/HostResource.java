package dev.tcpfleet.controlplane.hosts;

import dev.tcpfleet.controlplane.errors.Refused;
import dev.tcpfleet.controlplane.auth.Allowed;
import dev.tcpfleet.controlplane.auth.Role;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/hosts")
@Produces(MediaType.APPLICATION_JSON)
public class HostResource {
    private final HostRegistry registry;

    HostResource(HostRegistry registry) {
        this.registry = registry;
    }

    @Operation(summary = "Every known host with its freshness")
    @GET
    @Allowed(Role.VIEWER)
    public List<HostView> list() {
        return registry.all().stream().map(this::view).toList();
    }

    @Operation(summary = "One host")
    @GET
    @Path("/{id}")
    @Allowed(Role.VIEWER)
    public HostView get(@PathParam("id") String id) {
        return registry.find(id).map(this::view).orElseThrow(() -> Refused.notFound("host", id));
    }

    /** Which hosts a selector reaches now, before anything is sent to them. */
    @Operation(summary = "Preview which hosts a selector reaches now")
    @POST
    @Path("/select")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.VIEWER)
    public SelectionView select(SelectorRequest request) {
        if (request == null) {
            throw Refused.invalid("selector", "a JSON body {\"hosts\": [...]}, {\"labels\": \"k=v,...\"}"
                    + " or {\"all\": true} is required");
        }
        List<Host> all = registry.all();
        HostSelector.Selection selection = registry.select(null, request, all);
        Map<String, Host> byId = all.stream().collect(Collectors.toMap(Host::id, Function.identity()));
        List<HostView> selected = selection.selected().stream().map(byId::get).map(this::view).toList();
        return new SelectionView(selected.size(), selected, selection.stale(), selection.unknown());
    }

    private HostView view(Host host) {
        return HostView.of(host, registry.isStale(host));
    }
}
