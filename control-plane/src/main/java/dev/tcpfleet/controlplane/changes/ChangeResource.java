package dev.tcpfleet.controlplane.changes;

import dev.tcpfleet.controlplane.errors.Refused;
import dev.tcpfleet.controlplane.ControlPlaneConfig;
import dev.tcpfleet.controlplane.api.QueryParams;
import dev.tcpfleet.controlplane.auth.Allowed;
import dev.tcpfleet.controlplane.auth.Role;
import dev.tcpfleet.controlplane.history.TrendParams;
import dev.tcpfleet.controlplane.hosts.HostRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/changes")
@Produces(MediaType.APPLICATION_JSON)
public class ChangeResource {
    private final ChangeStore store;
    private final HostRegistry hosts;
    private final ControlPlaneConfig.Changes config;

    ChangeResource(ChangeStore store, HostRegistry hosts, ControlPlaneConfig config) {
        this.store = store;
        this.hosts = hosts;
        this.config = config.changes();
    }

    /**
     * The change events in {@code [from, to)} (default: the last hour), oldest first, of one host, of the hosts a
     * label selector picks, or of every host when neither is given.
     */
    @Operation(summary = "Change events (applies, rollbacks, confirms, campaigns) in a time range")
    @GET
    @Allowed(Role.VIEWER)
    public List<ChangeEvent> list(@QueryParam("host") String host, @QueryParam("labels") String labels,
            @QueryParam("from") String fromParam, @QueryParam("to") String toParam,
            @QueryParam("limit") String limitParam) {
        if (host != null && labels != null) {
            throw Refused.invalid("labels", "give host or labels, not both");
        }
        TrendParams.Window window = TrendParams.window(fromParam, toParam);
        int limit = QueryParams.intInRange("limit", limitParam, config.defaultLimit(), 1, config.maxLimit());
        List<String> hostIds = host != null
                ? List.of(hosts.find(host).orElseThrow(() -> Refused.notFound("host", host)).id())
                : hosts.historical(labels);
        return store.events(hostIds, window.from(), window.to(), limit);
    }
}
