package dev.tcpfleet.controlplane.audit;

import dev.tcpfleet.controlplane.api.QueryParams;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

@Path("/api/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
    private final AuditLog log;

    AuditResource(AuditLog log) {
        this.log = log;
    }

    /** The newest entries first; {@code before} pages back, {@code target} narrows to one thing. */
    @GET
    public List<AuditEntry> newest(@QueryParam("target") String target, @QueryParam("before") String before,
            @QueryParam("limit") String limit) {
        return log.newest(target == null || target.isBlank() ? null : target,
                QueryParams.instant("before", before, Instant.now()), QueryParams.intInRange("limit", limit, 50, 1,
                        1000));
    }
}
