package dev.tcpfleet.controlplane.audit;

import dev.tcpfleet.controlplane.api.QueryParams;
import dev.tcpfleet.controlplane.auth.Allowed;
import dev.tcpfleet.controlplane.auth.Role;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
    private final AuditLog log;

    AuditResource(AuditLog log) {
        this.log = log;
    }

    /**
     * The newest entries first; {@code before} (the last id of the previous page) pages back, {@code target} narrows to one thing, {@code actor} to one
     * token or rule. Operators read it: they act on the fleet beside automation and each other, and need to see
     * who did what during an incident without holding the admin role.
     */
    @Operation(summary = "The audit trail, newest first, paged by id")
    @GET
    @Allowed(Role.OPERATOR)
    public List<AuditEntry> newest(@QueryParam("target") String target, @QueryParam("actor") String actor,
            @QueryParam("before") String before, @QueryParam("limit") String limit) {
        return log.newest(blankAsNull(target), blankAsNull(actor),
                QueryParams.longInRange("before", before, Long.MAX_VALUE, 1, Long.MAX_VALUE),
                QueryParams.intInRange("limit", limit, 50, 1, 1000));
    }

    private static String blankAsNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
