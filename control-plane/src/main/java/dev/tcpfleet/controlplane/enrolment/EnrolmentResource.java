package dev.tcpfleet.controlplane.enrolment;

import dev.tcpfleet.controlplane.errors.Choices;
import dev.tcpfleet.controlplane.auth.Allowed;
import dev.tcpfleet.controlplane.auth.CurrentCaller;
import dev.tcpfleet.controlplane.auth.Role;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Hosts' enrolments: which hosts may report, and the admin's decisions on those that ask. */
@Path("/api/enrolments")
@Produces(MediaType.APPLICATION_JSON)
public class EnrolmentResource {
    private final EnrolmentService enrolments;
    private final CurrentCaller caller;

    EnrolmentResource(EnrolmentService enrolments, CurrentCaller caller) {
        this.enrolments = enrolments;
        this.caller = caller;
    }

    @Operation(summary = "Hosts' enrolments, those awaiting a decision first, optionally of one status")
    @GET
    @Allowed(Role.VIEWER)
    public List<EnrolmentView> list(@QueryParam("status") String status) {
        return enrolments.list(Optional.ofNullable(status).map(word -> Choices.of("status", word,
                EnrolmentStatus.class)));
    }

    @Operation(summary = "Accept a host, or the new key it asks to switch to; its messages are stored from then on")
    @APIResponse(responseCode = "409", description = "nothing to accept, or the key waiting has another fingerprint")
    @APIResponse(responseCode = "200", description = "accepted: the enrolment as it now is",
            content = @Content(schema = @Schema(implementation = EnrolmentView.class)))
    @POST
    @Path("/{hostId}/accept")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.ADMIN)
    public EnrolmentView accept(@PathParam("hostId") String hostId, DecisionRequest request) {
        return enrolments.accept(hostId, request, caller.actor());
    }

    @Operation(summary = "Reject a pending host, or the new key a known host asks to switch to")
    @APIResponse(responseCode = "409", description = "nothing of the host awaits a decision")
    @APIResponse(responseCode = "200", description = "rejected: the enrolment as it now is",
            content = @Content(schema = @Schema(implementation = EnrolmentView.class)))
    @POST
    @Path("/{hostId}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.ADMIN)
    public EnrolmentView reject(@PathParam("hostId") String hostId, DecisionRequest request) {
        return enrolments.reject(hostId, request, caller.actor());
    }

    @Operation(summary = "Revoke a host: its messages are refused from now on, and it is never chosen again")
    @APIResponse(responseCode = "409", description = "already revoked")
    @APIResponse(responseCode = "200", description = "revoked: the enrolment as it now is",
            content = @Content(schema = @Schema(implementation = EnrolmentView.class)))
    @POST
    @Path("/{hostId}/revoke")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.ADMIN)
    public EnrolmentView revoke(@PathParam("hostId") String hostId, DecisionRequest request) {
        return enrolments.revoke(hostId, request, caller.actor());
    }
}
