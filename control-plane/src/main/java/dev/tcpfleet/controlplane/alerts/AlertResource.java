package dev.tcpfleet.controlplane.alerts;

import dev.tcpfleet.controlplane.errors.Choices;
import dev.tcpfleet.controlplane.errors.Refused;
import dev.tcpfleet.controlplane.api.QueryParams;
import dev.tcpfleet.controlplane.auth.Allowed;
import dev.tcpfleet.controlplane.auth.Role;
import dev.tcpfleet.domain.alerts.AlertState;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {
    private final AlertService alerts;

    AlertResource(AlertService alerts) {
        this.alerts = alerts;
    }

    /** Keeps matching alerts off the webhook for a while; they are still judged, listed and published. */
    @Operation(summary = "Silence matching alerts' notifications for a while")
    @APIResponse(responseCode = "201", description = "the silence",
            content = @Content(schema = @Schema(implementation = SilenceView.class)))
    @POST
    @Path("/silences")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.OPERATOR)
    public Response silence(SilenceRequest request) {
        if (request == null) {
            throw Refused.invalid(null, "a JSON body {\"rule\": ..., \"hostId\": ..., \"minutes\": n,"
                    + " \"reason\": \"...\"} is required");
        }
        return Response.status(Response.Status.CREATED).entity(alerts.silence(request)).build();
    }

    @Operation(summary = "List silences")
    @GET
    @Path("/silences")
    @Allowed(Role.VIEWER)
    public List<SilenceView> silences() {
        return alerts.silences();
    }

    /** Ends a silence now. */
    @Operation(summary = "End a silence now")
    @APIResponse(responseCode = "204", description = "ended")
    @DELETE
    @Path("/silences/{id}")
    @Allowed(Role.OPERATOR)
    public Response endSilence(@PathParam("id") String id) {
        alerts.endSilence(id);
        return Response.noContent().build();
    }

    /** The newest status changes and how their delivery went (published, webhook tries and last error). */
    @Operation(summary = "The newest alert status changes and how their delivery went")
    @GET
    @Path("/events")
    @Allowed(Role.VIEWER)
    public List<AlertEventStore.Delivery> events(@QueryParam("limit") String limit) {
        return alerts.events(QueryParams.intInRange("limit", limit, 50, 1, 1000));
    }

    /**
     * How the posts to each configured Alertmanager go: when last tried and taken, failures in a row and the last
     * error, when it is posted to next.
     */
    @Operation(summary = "How the posts to each configured Alertmanager endpoint go")
    @GET
    @Path("/alertmanagers")
    @Allowed(Role.VIEWER)
    public List<AlertmanagerTargetView> alertmanagers() {
        return alerts.alertmanagers();
    }

    /** Alerts by status: {@code active} (pending and firing, the default), or one of pending, firing, resolved. */
    @Operation(summary = "Alerts by status (active by default)")
    @GET
    @Allowed(Role.VIEWER)
    public List<AlertView> list(@QueryParam("status") String status) {
        return alerts.withStatus(status == null || status.equals("active")
                ? List.of(AlertState.Status.PENDING, AlertState.Status.FIRING)
                : List.of(parse(status)));
    }

    private static AlertState.Status parse(String status) {
        return Arrays.stream(AlertState.Status.values())
                .filter(s -> s != AlertState.Status.OK && Choices.name(s).equals(status)).findFirst()
                .orElseThrow(() -> Refused.invalid("status", "status is active, pending, firing or resolved"));
    }
}
