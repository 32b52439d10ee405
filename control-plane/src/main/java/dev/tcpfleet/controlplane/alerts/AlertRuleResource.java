package dev.tcpfleet.controlplane.alerts;

import dev.tcpfleet.controlplane.errors.Refused;
import dev.tcpfleet.controlplane.api.QueryParams;
import dev.tcpfleet.controlplane.api.RuleNames;
import dev.tcpfleet.controlplane.auth.Allowed;
import dev.tcpfleet.controlplane.auth.Role;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The alert rules (host, fleet and campaign ones): listed, created or replaced, deleted. */
@Path("/api/alerts/rules")
@Produces(MediaType.APPLICATION_JSON)
public class AlertRuleResource {
    private final AlertRuleStore rules;

    AlertRuleResource(AlertRuleStore rules) {
        this.rules = rules;
    }

    @Operation(summary = "List alert rules (host, fleet and campaign scope)")
    @GET
    @Allowed(Role.VIEWER)
    public List<AlertRuleView> list() {
        return rules.all().stream().map(AlertRuleView::of).toList();
    }

    /**
     * 201 for a new rule, 200 for a replaced one; alerts already open keep their state under the new terms, unless
     * the rule changed scope (they were about other subjects: dropped).
     */
    @Operation(summary = "Create or replace an alert rule")
    @APIResponse(responseCode = "201", description = "a new rule",
            content = @Content(schema = @Schema(implementation = AlertRuleView.class)))
    @APIResponse(responseCode = "200", description = "the rule replaced",
            content = @Content(schema = @Schema(implementation = AlertRuleView.class)))
    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.ADMIN)
    public Response put(@PathParam("name") String name, AlertRuleRequest request) {
        RuleNames.require(name);
        if (request == null) {
            throw Refused.invalid(null, "a JSON body {\"metric\": ..., \"comparison\": \"above\","
                    + " \"threshold\": n, ...} is required");
        }
        AlertRuleStore.StoredRule stored = request.toRule(name);
        boolean created = rules.put(stored);
        return Response.status(created ? Response.Status.CREATED : Response.Status.OK)
                .entity(AlertRuleView.of(stored)).build();
    }

    /** Refused (409 {@code in_use}) while an automation rule answers it, unless {@code force=true} stops those. */
    @Operation(summary = "Delete an alert rule")
    @APIResponse(responseCode = "204", description = "deleted")
    @APIResponse(responseCode = "409", description = "an automation rule uses it (error in_use); force=true stops"
            + " those automation rules and deletes it")
    @DELETE
    @Path("/{name}")
    @Allowed(Role.ADMIN)
    public Response delete(@PathParam("name") String name, @QueryParam("force") String force) {
        if (!RuleNames.isValid(name) || !rules.delete(name, QueryParams.bool("force", force))) {
            throw Refused.notFound("alert rule", name);
        }
        return Response.noContent().build();
    }
}
