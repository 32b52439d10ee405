package dev.tcpfleet.controlplane.history;

import dev.tcpfleet.controlplane.errors.Refused;
import dev.tcpfleet.controlplane.ControlPlaneConfig;
import dev.tcpfleet.controlplane.api.QueryParams;
import dev.tcpfleet.controlplane.auth.Allowed;
import dev.tcpfleet.controlplane.auth.Role;
import dev.tcpfleet.controlplane.hosts.HostRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/hosts/{id}/snapshots")
@Produces(MediaType.APPLICATION_JSON)
public class HostSnapshotsResource {
    private final HostRegistry hosts;
    private final SnapshotStore snapshots;
    private final ControlPlaneConfig.SnapshotQuery limits;

    HostSnapshotsResource(HostRegistry hosts, SnapshotStore snapshots, ControlPlaneConfig config) {
        this.hosts = hosts;
        this.snapshots = snapshots;
        this.limits = config.snapshotQuery();
    }

    /** Snapshots collected in {@code [from, to)}, oldest first; by default the last hour. */
    @Operation(summary = "A host's snapshots in a time range, oldest first")
    @GET
    @Allowed(Role.VIEWER)
    public List<SnapshotView> range(@PathParam("id") String id, @QueryParam("from") String fromParam,
            @QueryParam("to") String toParam, @QueryParam("limit") String limitParam) {
        Instant to = QueryParams.instant("to", toParam, Instant.now());
        Instant from = QueryParams.instant("from", fromParam, to.minus(limits.defaultRange()));
        int limit = QueryParams.intInRange("limit", limitParam, limits.defaultLimit(), 1, limits.maxLimit());
        if (from.isAfter(to)) {
            throw Refused.invalid("from", "from (" + from + ") is after to (" + to + ")");
        }
        if (Duration.between(from, to).compareTo(limits.maxRange()) > 0) {
            throw Refused.invalid("from", "the range " + from + " to " + to + " is longer than the "
                    + limits.maxRange().toDays() + " days raw snapshots can be read at once");
        }
        requireHost(id);
        return snapshots.range(id, from, to, limit).stream().map(SnapshotView::of).toList();
    }

    @Operation(summary = "A host's latest snapshot")
    @GET
    @Path("/latest")
    @Allowed(Role.VIEWER)
    public SnapshotView latest(@PathParam("id") String id) {
        requireHost(id);
        return snapshots.latest(id).stream().findFirst().map(SnapshotView::of)
                .orElseThrow(() -> Refused.notFound("snapshot of host", id));
    }

    private void requireHost(String id) {
        if (hosts.find(id).isEmpty()) {
            throw Refused.notFound("host", id);
        }
    }
}
